/** How tracebacks name inline code: `<tag #id>`, or `<tag N>` by position on the page. */
export function elementLabel(element: Element): string {
  const tag = element.localName;
  if (element.id) return `<${tag} #${element.id}>`;
  const index = [...document.querySelectorAll(tag)].indexOf(element);
  return index >= 0 ? `<${tag} ${index + 1}>` : `<${tag}>`;
}
