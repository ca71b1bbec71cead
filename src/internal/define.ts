const OURS = Symbol.for('py-elements.element');
/** Tags already reported as taken: one console error each, however often they are checked. */
const reported = new Set<string>();

/**
 * Whether `tag` is defined by another script than py-elements; if so, says it once, in one clear
 * console error (py-elements' own elements then do not exist on this page).
 */
export function takenByOthers(tag: string): boolean {
  const existing = customElements.get(tag) as (CustomElementConstructor & { [OURS]?: true }) | undefined;
  if (!existing || existing[OURS]) return false;
  if (!reported.has(tag)) {
    reported.add(tag);
    console.error(
      `py-elements: <${tag}> is already defined by another script on this page, so py-elements' ` +
        `<${tag}> is not available here. Remove the other definition or load py-elements first.`,
    );
  }
  return true;
}

/**
 * customElements.define that tolerates the bundle being loaded twice (common with CMS plugins): a tag
 * already defined by py-elements is left alone, silently; a tag taken by another library gets one
 * clear console error instead of an exception that would stop the rest of the page's scripts.
 */
export function defineElement(tag: string, element: CustomElementConstructor): void {
  if (customElements.get(tag)) {
    takenByOthers(tag);
    return;
  }
  (element as CustomElementConstructor & { [OURS]?: true })[OURS] = true;
  customElements.define(tag, element);
}
