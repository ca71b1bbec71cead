const OURS = Symbol.for('py-elements.element');

/**
 * customElements.define that tolerates the bundle being loaded twice (common with CMS plugins): a tag
 * already defined by py-elements is left alone, silently; a tag taken by another library gets one
 * clear console error instead of an exception that would stop the rest of the page's scripts.
 */
export function defineElement(tag: string, element: CustomElementConstructor): void {
  const existing = customElements.get(tag) as (CustomElementConstructor & { [OURS]?: true }) | undefined;
  if (existing) {
    if (!existing[OURS]) {
      console.error(
        `py-elements: <${tag}> is already defined by another script on this page, so py-elements' ` +
          `<${tag}> is not available here. Remove the other definition or load py-elements first.`,
      );
    }
    return;
  }
  (element as CustomElementConstructor & { [OURS]?: true })[OURS] = true;
  customElements.define(tag, element);
}
