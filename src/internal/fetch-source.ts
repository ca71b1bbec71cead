/** Downloads the code named by an element's `src`; errors name the attribute, the URL and the status. */
export async function fetchSource(src: string): Promise<{ code: string; url: string }> {
  const url = new URL(src, document.baseURI).href;
  let response: Response;
  try {
    response = await fetch(url);
  } catch (error) {
    throw new Error(`Could not load src="${src}" (${url}): network error: ${(error as Error).message}`);
  }
  if (!response.ok) {
    const status = `${response.status} ${response.statusText}`.trim();
    throw new Error(`Could not load src="${src}": ${url} answered ${status}`);
  }
  return { code: await response.text(), url };
}

/** How tracebacks name inline code: `<tag #id>`, or `<tag N>` by position on the page. */
export function elementLabel(element: Element): string {
  const tag = element.localName;
  if (element.id) return `<${tag} #${element.id}>`;
  const index = [...document.querySelectorAll(tag)].indexOf(element);
  return index >= 0 ? `<${tag} ${index + 1}>` : `<${tag}>`;
}
