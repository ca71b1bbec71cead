import { type Messages, en } from '../i18n/messages.js';
import { decodePythonSource } from './python-source.js';

/** "404 Not Found", or just "404" where the server sends no status text. */
export function statusLine(response: Response): string {
  return `${response.status} ${response.statusText}`.trim();
}

/**
 * fetch() for files an author named (`src`, `<py-config>` files): a network error or an error status
 * becomes an Error that says what was being loaded (`what`), the URL and what went wrong, in `messages`'
 * language.
 */
export async function fetchOrExplain(url: string, what: string, messages: Messages = en): Promise<Response> {
  let response: Response;
  try {
    response = await fetch(url);
  } catch (error) {
    throw new Error(messages.networkError(what, url, (error as Error).message));
  }
  if (!response.ok) throw new Error(messages.serverAnswered(what, url, statusLine(response)));
  return response;
}

/** Downloads the code named by an element's `src`; errors name the attribute, the URL and the status. */
export async function fetchSource(src: string, messages: Messages = en): Promise<{ code: string; url: string }> {
  const url = new URL(src, document.baseURI).href;
  const response = await fetchOrExplain(url, messages.srcNotLoaded(src), messages);
  return { code: decodePythonSource(new Uint8Array(await response.arrayBuffer()), `src="${src}"`, messages), url };
}
