/**
 * `py-elements/rehype`: the same fences as the markdown-it plugin, for unified pipelines
 * (remark-parse → remark-rehype → this → rehype-stringify; Astro, Docusaurus, Next's MDX):
 *
 *   import rehypePyElements from 'py-elements/rehype';
 *   unified().use(remarkParse).use(remarkRehype).use(rehypePyElements, { allow: ['run'] }).use(rehypeStringify);
 *
 * remark-rehype turns a fence into `<pre><code class="language-python">` and keeps the rest of the
 * info string as `data.meta` on the code (MDX: the `metastring` property). Put this plugin before
 * syntax highlighters, which rewrite those blocks.
 */
import { type PyElementsMarkdownOptions, allowedOptions, convertFences, toHast } from './fences.js';

export type { AllowedOption, PyElementsMarkdownOptions } from './fences.js';
export { FenceError } from './fences.js';

/** What the plugin reads of a hast node (so hast's own types need not be installed). */
export interface HastNodeLike {
  type: string;
  tagName?: string;
  properties?: Record<string, unknown>;
  children?: HastNodeLike[];
  value?: string;
  data?: object;
  position?: { start: { line: number } };
}

interface Found {
  parent: HastNodeLike;
  pre: HastNodeLike;
  info: string;
  code: string;
  line?: number;
}

/** The rehype plugin: `unified().use(rehypePyElements, options)`. */
export default function rehypePyElements(options?: PyElementsMarkdownOptions): (tree: HastNodeLike) => void {
  const allow = allowedOptions(options);
  return (tree) => {
    const found: Found[] = [];
    collect(tree, found);
    const elements = convertFences(found, allow);
    found.forEach(({ parent, pre }, i) => {
      const element = elements[i];
      if (element === undefined) return;
      const children = parent.children!;
      const at = children.indexOf(pre);
      if (element === null) children.splice(at, 1);
      else children[at] = { ...toHast(element), ...(pre.position && { position: pre.position }) };
    });
  };
}

/** Every `<pre>` holding one `<code class="language-…">`, in document order. */
function collect(node: HastNodeLike, found: Found[]): void {
  for (const child of node.children ?? []) {
    const code = child.tagName === 'pre' ? onlyElement(child) : undefined;
    const language = code?.tagName === 'code' ? languageOf(code) : undefined;
    if (code && language) {
      const meta = metaOf(code) ?? metaOf(child);
      found.push({
        parent: node,
        pre: child,
        info: meta ? `${language} ${meta}` : language,
        code: textOf(code),
        line: child.position?.start.line,
      });
    } else {
      collect(child, found);
    }
  }
}

function onlyElement(node: HastNodeLike): HastNodeLike | undefined {
  const children = (node.children ?? []).filter((child) => !(child.type === 'text' && !child.value?.trim()));
  return children.length === 1 && children[0].type === 'element' ? children[0] : undefined;
}

function languageOf(code: HastNodeLike): string | undefined {
  const names = code.properties?.className;
  const list = Array.isArray(names) ? names : typeof names === 'string' ? names.split(/\s+/) : [];
  const name = list.find((entry): entry is string => typeof entry === 'string' && entry.startsWith('language-'));
  return name?.slice('language-'.length);
}

/** The info string after the language: remark-rehype's `data.meta`, MDX's `metastring`, or `data-meta`. */
function metaOf(node: HastNodeLike): string | undefined {
  const candidates = [
    (node.data as { meta?: unknown } | undefined)?.meta,
    node.properties?.metastring,
    node.properties?.dataMeta,
  ];
  return candidates.find((value): value is string => typeof value === 'string' && value.trim() !== '');
}

function textOf(node: HastNodeLike): string {
  return node.type === 'text' ? (node.value ?? '') : (node.children ?? []).map(textOf).join('');
}
