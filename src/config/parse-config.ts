import type { InterpreterConfig } from '../runtime/contract.js';
import { closest } from '../internal/closest.js';
import { jsonErrorOffset } from './json-position.js';

/**
 * `<py-config>` text → settings: TOML or JSON, validated, URLs made absolute. Pure (no document): the
 * DOM side that finds the text is read-config.ts. Errors name the key and say what is wrong; unknown
 * keys only warn (with the closest known key), so a typo does not stop a page.
 */

/** Page-level settings, from `<py-config>` (TOML or JSON, inline or `src`) and the script tag. */
export interface PageConfig extends InterpreterConfig {
  /** Default `load` for `<py-repl>` elements without the attribute. */
  load?: 'visible' | 'eager';
  /** CSS selector of code blocks to turn into `<py-repl>` elements, e.g. `pre > code.language-python`. */
  upgrade?: string;
  /** The per-block options (`data-*` on an upgraded block) the author lets page content set. */
  upgradeOptions: UpgradeOption[];
}

/**
 * What an upgraded code block may ask for with `data-*`. Page content (a comment, a post) writes
 * those attributes, and sanitisers keep `data-*`: so only options that change how a block looks or
 * whether the reader's edit is kept are honoured by default. `scope` (run in an author's namespace)
 * and `autorun` (run without the reader acting) only when the author lists them.
 */
export const UPGRADE_OPTIONS = ['readonly', 'mode', 'no-persist', 'scope', 'autorun'] as const;
export type UpgradeOption = (typeof UPGRADE_OPTIONS)[number];
export const DEFAULT_UPGRADE_OPTIONS: UpgradeOption[] = ['readonly', 'mode', 'no-persist'];

/** What the page contributes besides the `<py-config>` text. */
export interface ConfigContext {
  /** The document's base URL: relative URLs in the configuration are resolved against it. */
  baseURL: string;
  /** `data-index-url` of a script tag, if any. */
  scriptIndexURL?: string;
  /** Where the interpreter is when nothing overrides it. */
  defaultIndexURL: string;
}

const KNOWN_KEYS = [
  'index-url',
  'packages',
  'files',
  'lock-file',
  'packages-url',
  'packages-cdn',
  'load',
  'upgrade',
  'upgrade-options',
  'snapshot',
];

/** Parses `<py-config>` text; `where` names it in errors (`<py-config>` or `<py-config src="...">`). */
export async function parseConfigText(text: string, where: string, json: boolean): Promise<Record<string, unknown>> {
  const trimmed = text.trim();
  if (!trimmed) return {};
  if (json || trimmed.startsWith('{')) {
    try {
      return JSON.parse(trimmed) as Record<string, unknown>;
    } catch (error) {
      const offset = jsonErrorOffset(trimmed);
      const at = offset >= 0 ? ` (${lineAndColumn(trimmed, offset)})` : '';
      throw new Error(`${where} is not valid JSON${at}: ${(error as Error).message}`);
    }
  }
  // Loaded only by pages that have a <py-config>: TOML costs nothing elsewhere.
  const { parse, TomlError } = await import('smol-toml');
  try {
    return parse(trimmed);
  } catch (error) {
    if (error instanceof TomlError) {
      const detail = error.message.replace(/^Invalid TOML document: /, '').split('\n')[0];
      throw new Error(`${where} is not valid TOML (line ${error.line}, column ${error.column}): ${detail}`);
    }
    throw error;
  }
}

/** Validated settings from parsed `<py-config>` keys and the page's context. */
export function toPageConfig(raw: Record<string, unknown>, context: ConfigContext): PageConfig {
  for (const key of Object.keys(raw)) {
    if (!KNOWN_KEYS.includes(key)) {
      const hint = closest(key, KNOWN_KEYS);
      console.warn(`<py-config>: unknown key "${key}" is ignored${hint ? ` (did you mean "${hint}"?)` : ''}.`);
    }
  }
  const base = context.baseURL;
  const indexFromConfig = optional(raw, 'index-url', 'string');
  const indexURL =
    indexFromConfig !== undefined
      ? toFolderURL(indexFromConfig, '<py-config> index-url', base)
      : context.scriptIndexURL !== undefined
        ? toFolderURL(context.scriptIndexURL, 'data-index-url on the <script> tag', base)
        : context.defaultIndexURL;
  const packages = optional(raw, 'packages', 'string[]') ?? [];
  const files = optional(raw, 'files', 'table') ?? {};
  const lockFile = optional(raw, 'lock-file', 'string');
  const packagesURL = optional(raw, 'packages-url', 'string');
  const packagesCDN = optional(raw, 'packages-cdn', 'boolean') ?? true;
  const load = optional(raw, 'load', 'string');
  if (load !== undefined && load !== 'visible' && load !== 'eager') {
    throw new Error(`<py-config> load must be "visible" or "eager", not ${JSON.stringify(load)}`);
  }
  return {
    indexURL,
    packages: packages.map((name) => (name.endsWith('.whl') ? new URL(name, base).href : name)),
    files: Object.fromEntries(Object.entries(files).map(([url, path]) => [new URL(url, base).href, path])),
    lockFileURL: lockFile === undefined ? undefined : new URL(lockFile, base).href,
    packagesURL: packagesURL === undefined ? undefined : toFolderURL(packagesURL, '<py-config> packages-url', base),
    packagesCDN,
    load,
    upgrade: optional(raw, 'upgrade', 'string'),
    upgradeOptions: upgradeOptions(optional(raw, 'upgrade-options', 'string[]')),
    snapshot: snapshotSetting(raw.snapshot),
    baseURL: base,
  };
}

function upgradeOptions(names: string[] | undefined): UpgradeOption[] {
  if (names === undefined) return DEFAULT_UPGRADE_OPTIONS;
  for (const name of names) {
    if (!(UPGRADE_OPTIONS as readonly string[]).includes(name)) {
      const hint = closest(name, UPGRADE_OPTIONS);
      throw new Error(
        `<py-config> upgrade-options: unknown option ${JSON.stringify(name)}${hint ? ` (did you mean "${hint}"?)` : ''}; ` +
          `the options are ${UPGRADE_OPTIONS.join(', ')}`,
      );
    }
  }
  return names as UpgradeOption[];
}

function snapshotSetting(value: unknown): PageConfig['snapshot'] {
  if (value === undefined) return true;
  if (value === true || value === false || value === 'cache') return value;
  throw new Error(`<py-config> snapshot must be true, false or "cache", not ${JSON.stringify(value)}`);
}

type Kind = 'string' | 'boolean' | 'string[]' | 'table';
type KindType<K extends Kind> = K extends 'string'
  ? string
  : K extends 'boolean'
    ? boolean
    : K extends 'string[]'
      ? string[]
      : Record<string, string>;

function optional<K extends Kind>(raw: Record<string, unknown>, key: string, kind: K): KindType<K> | undefined {
  const value = raw[key];
  if (value === undefined) return undefined;
  const ok =
    kind === 'string' || kind === 'boolean'
      ? typeof value === kind
      : kind === 'string[]'
        ? Array.isArray(value) && value.every((item) => typeof item === 'string')
        : typeof value === 'object' &&
          value !== null &&
          !Array.isArray(value) &&
          Object.values(value).every((v) => typeof v === 'string');
  if (!ok) {
    const expected = {
      string: 'a string',
      boolean: 'true or false',
      'string[]': 'a list of strings',
      table: 'a table of "url" = "path" strings',
    }[kind];
    throw new Error(`<py-config> ${key} must be ${expected}, not ${JSON.stringify(value)}`);
  }
  return value as KindType<K>;
}

function lineAndColumn(text: string, offset: number): string {
  const before = text.slice(0, offset).split('\n');
  return `line ${before.length}, column ${before.at(-1)!.length + 1}`;
}

function toFolderURL(value: string, source: string, base: string): string {
  let url: URL;
  try {
    url = new URL(value, base);
  } catch {
    throw new Error(`${source}: "${value}" is not a URL`);
  }
  return url.href.endsWith('/') ? url.href : `${url.href}/`;
}
