/**
 * `py-elements/markdown-it`: fences such as ```` ```python {repl readonly} ```` become `<py-repl>`,
 * `<py-script>` and hidden checks, at build time (VitePress, Eleventy, any markdown-it setup):
 *
 *   import pyElements from 'py-elements/markdown-it';
 *   md.use(pyElements, { allow: ['run'] });
 *
 * A core rule reads every fence of the document first (a check may come before or after its REPL),
 * then the fence renderer writes ours and hands the others to the renderer it wrapped.
 */
import { type PyElementsMarkdownOptions, allowedOptions, convertFences, toHtml } from './fences.js';

export type { AllowedOption, PyElementsMarkdownOptions } from './fences.js';
export { FenceError } from './fences.js';

/** What the plugin uses of a markdown-it token. */
interface TokenLike {
  type: string;
  info: string;
  content: string;
  map: [number, number] | null;
}

// oxlint-disable-next-line typescript/no-explicit-any -- markdown-it's rule signature, without its types
type RenderRule = (tokens: any[], idx: number, options: any, env: any, self: any) => string;

/** The part of a markdown-it instance the plugin uses (so markdown-it's own types need not be installed). */
export interface MarkdownItLike {
  core: { ruler: { push(name: string, rule: (state: { tokens: TokenLike[] }) => void): void } };
  renderer: { rules: { fence?: RenderRule } };
  utils: { unescapeAll(text: string): string };
}

/** The markdown-it plugin: `md.use(pyElements, options)`. */
export default function pyElements(md: MarkdownItLike, options?: PyElementsMarkdownOptions): void {
  const allow = allowedOptions(options);
  const rendered = new WeakMap<TokenLike, string>(); // our fences' HTML; '' for a check (it is in its REPL)
  md.core.ruler.push('py_elements', (state) => {
    const fences = state.tokens.filter((token) => token.type === 'fence');
    const elements = convertFences(
      fences.map((token) => ({
        info: md.utils.unescapeAll(token.info),
        code: token.content,
        line: token.map ? token.map[0] + 1 : undefined,
      })),
      allow,
    );
    fences.forEach((token, i) => {
      const element = elements[i];
      if (element === undefined) return;
      rendered.set(token, element === null ? '' : `${toHtml(element)}\n`);
    });
  });
  const fence = md.renderer.rules.fence;
  md.renderer.rules.fence = (tokens: TokenLike[], idx, rendererOptions, env, self) => {
    const html = rendered.get(tokens[idx]);
    if (html !== undefined) return html;
    // oxlint-disable-next-line typescript/no-unsafe-call -- the renderer's own method
    return fence ? fence(tokens, idx, rendererOptions, env, self) : String(self.renderToken(tokens, idx, rendererOptions));
  };
}
