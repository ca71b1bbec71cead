import type { UpgradeOption } from '../config/parse-config.js';
import { readPageConfig } from '../config/read-config.js';
import { whenParsed } from '../internal/when-parsed.js';

/**
 * Progressive enhancement for CMS and markdown pages: with `upgrade = "pre > code.language-python"`
 * in `<py-config>`, each matching code block becomes a `<py-repl>` in place. Until then (or without
 * JavaScript) the block stays the readable code it always was. Per-block options come from data
 * attributes on the code element or its `<pre>` (`data-readonly`, `data-mode`, `data-no-persist`,
 * `data-scope`, `data-autorun`), and only those `upgrade-options` allows: the blocks are page
 * content, which must not make Python run without the reader acting (see docs/security.md).
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
  for (const code of blocks) upgrade(code, allowed);
}

function upgrade(code: Element, allowed: ReadonlySet<UpgradeOption>): void {
  if (code.closest('py-repl, py-script')) return; // already ours
  const parent = code.parentElement;
  const block = parent?.localName === 'pre' && parent.childElementCount === 1 ? parent : code;
  const repl = doc(block).createElement('py-repl');
  const option = (name: UpgradeOption) => {
    const value = code.getAttribute(`data-${name}`) ?? block.getAttribute(`data-${name}`);
    if (value === null || allowed.has(name)) return value;
    console.warn(
      `py-elements: data-${name} on an upgraded code block is ignored: <py-config> upgrade-options does not allow it.`,
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
