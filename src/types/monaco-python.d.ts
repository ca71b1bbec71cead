// Monaco's Python Monarch grammar (no bundled types for the language files themselves).
declare module 'monaco-editor/languages/definitions/python/python' {
  import type { languages } from 'monaco-editor';
  export const conf: languages.LanguageConfiguration;
  export const language: languages.IMonarchLanguage;
}
