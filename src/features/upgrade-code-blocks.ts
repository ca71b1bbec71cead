import type { UpgradeOption } from '../config/parse-config.js';
import { UPGRADE_OPTIONS } from '../config/parse-config.js';
import { readPageConfig } from '../config/read-config.js';
import { whenParsed } from '../internal/when-parsed.js';

/**
 * Progressive enhancement for CMS and markdown pages: with `upgrade = "pre > code.language-python"`
 * in `<py-config>`, each matching code block becomes a `<py-repl>` in place. Until then (or without
 * JavaScript) the block stays the readable code it always was. Per-block options come from data
 * attributes on the code element or its `<pre>` (`data-readonly`, `data-mode`, `data-no-persist`,
 * `data-scope`, `data-autorun`), or from the fence's own options where the renderer kept them (see
 * `fenceInfo`), and only those `upgrade-options` allows: the blocks are page content, which must not
 * make Python run without the reader acting (see docs/security.md).
 */
export async function upgradeCodeBlocks(doc: Document = document): Promise<void> {
  await whenParsed(doc);
  if (!doc.querySelector('py-config')) return; // the common page pays nothing
  const config = await readPageConfig(doc).catch(() => undefined); // errors surface when Python loads
  const selector = config?.upgrade;
  if (!selector) return;
  let blocks: Element[];
  try {
    blocks = [...doc.querySelectorAll(selector)];
  } catch {
    console.error(`py-elements: <py-config> upgrade: "${selector}" is not a valid CSS selector.`);
    return;
  }
  const allowed = new Set(config.upgradeOptions);
  // The fence syntax's reader is a chunk of its own, loaded only for a page whose blocks kept options.
  const found = blocks.map((code) => ({ code, block: blockOf(code) }));
  const infos = found.map(({ code, block }) => fenceInfo(code, block));
  const fences = infos.some((info) => info !== undefined)
    ? await import('../markdown/fences.js').catch((error: unknown) => {
        console.error("py-elements: the code blocks' options could not be read; they are upgraded without them.", error);
        return undefined;
      })
    : undefined;
  found.forEach(({ code, block }, i) =>
    upgrade(code, block, allowed, fences && infos[i] !== undefined ? readInfo(fences, infos[i]) : undefined),
  );
}

type FenceOptions = ReturnType<typeof import('../markdown/fences.js').readFenceInfo>;

/**
 * Where a renderer kept a fence's options: its info string in an attribute of the code or its `<pre>`
 * (`data-meta`, `data-info` or `meta`, as MDX and rehype pipelines can be set to write it:
 * `python {repl readonly}` or `{repl readonly}`), or pandoc-style classes (```` ```{.python .repl
 * .readonly} ```` gives `class="python repl readonly"`), which can hold the flags only.
 */
function fenceInfo(code: Element, block: Element): string | undefined {
  for (const element of [code, block]) {
    for (const name of ['data-meta', 'data-info', 'meta']) {
      // Only a brace group of ours: renderers keep other metadata there too (`{1,3} showLineNumbers`).
      const ours = /\{\s*(?:repl|run|check|hint|solution)\b[^}]*\}?/.exec(element.getAttribute(name) ?? '');
      if (ours) return ours[0];
    }
  }
  const classes = new Set([...code.classList, ...block.classList]);
  if (!classes.has('repl')) return undefined;
  return `{repl${[...classes]
    .filter((name) => REPL_CLASS_FLAGS.includes(name))
    .map((name) => ` ${name}`)
    .join('')}}`;
}

/** The `{repl}` flags pandoc-style classes may carry (fences.ts OPTIONS; here, so a plain page does not load it). */
const REPL_CLASS_FLAGS = ['readonly', 'no-persist', 'autorun', 'worker'];

function readInfo(fences: typeof import('../markdown/fences.js'), info: string): FenceOptions {
  try {
    return fences.readFenceInfo(info);
  } catch (error) {
    console.error(
      `py-elements: an upgraded code block's options ${info}: ${(error as Error).message.replace(/^py-elements: /, '')}`,
    );
    return undefined;
  }
}

const blockOf = (code: Element) => {
  const parent = code.parentElement;
  return parent?.localName === 'pre' && parent.childElementCount === 1 ? parent : code;
};

function upgrade(code: Element, block: Element, allowed: ReadonlySet<UpgradeOption>, fence: FenceOptions): void {
  if (code.closest('py-repl, py-script')) return; // already ours
  if (fence?.kind === 'check' || fence?.kind === 'hint' || fence?.kind === 'solution') {
    // Parts of an exercise: only the author's own markup (or the build-time plugins) may attach them.
    // Page content could aim a hidden check at the author's exercise; a solution is not for showing.
    console.warn(`py-elements: a {${fence.kind}} code block is not upgraded: exercises come from the page author's markup only.`);
    return;
  }
  if (fence?.kind === 'run') {
    console.warn('py-elements: a {run} code block becomes a REPL the reader runs: upgraded blocks never run by themselves.');
  }
  const repl = doc(block).createElement('py-repl');
  for (const name of fence?.options.keys() ?? []) {
    if (!(UPGRADE_OPTIONS as readonly string[]).includes(name)) {
      console.warn(
        `py-elements: {${name}} on an upgraded code block is ignored: upgrade sets only ${UPGRADE_OPTIONS.join(', ')}.`,
      );
    }
  }
  const option = (name: UpgradeOption) => {
    const attribute = code.getAttribute(`data-${name}`) ?? block.getAttribute(`data-${name}`);
    const fromFence = fence?.options.get(name);
    const value = attribute ?? (fromFence === undefined ? null : fromFence === true ? '' : fromFence);
    if (value === null || allowed.has(name)) return value;
    console.warn(
      `py-elements: ${attribute === null ? `{${name}}` : `data-${name}`} on an upgraded code block is ignored: ` +
        '<py-config> upgrade-options does not allow it.',
    );
    return null;
  };
  for (const flag of ['readonly', 'autorun', 'no-persist'] as const) {
    const value = option(flag);
    if (value !== null && value !== 'false') repl.setAttribute(flag, '');
  }
  for (const name of ['scope', 'mode'] as const) {
    const value = option(name);
    if (value) repl.setAttribute(name, value);
  }
  if (block.id) repl.id = block.id;
  const script = doc(block).createElement('script');
  script.type = 'text/python';
  // Text, not markup: the markdown renderer escaped < and &; this is the code as written. A text node,
  // as Trusted Types refuse the text setter even for a script that never executes (the browser still
  // reports the node; docs/security.md).
  script.append(code.textContent ?? '');
  repl.append(script);
  block.replaceWith(repl);
}

const doc = (node: Node) => node.ownerDocument ?? document;
