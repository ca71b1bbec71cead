/**
 * Where a share link keeps a REPL's code: in the URL's fragment, which browsers never send to a
 * server. `#py-repl=<name>&py-code=<data>`, where name is the REPL's id or its place among the page's
 * REPLs (as in its storage keys) and data its compressed code (share-link.ts). Other `key=value`
 * parameters of the fragment are kept; a plain anchor is not (the link leads to the REPL). Small and synchronous, so a REPL knows at once whether a link is for it (its
 * autorun must then not run: the code is someone else's).
 */
export const TARGET = 'py-repl';
export const CODE = 'py-code';

/** The REPL a fragment names and its still-compressed code, if it carries shared code. */
export function sharedTarget(hash: string = location.hash): { name: string; data: string } | undefined {
  if (!hash.includes(`${CODE}=`)) return undefined;
  const params = new URLSearchParams(hash.slice(1));
  const data = params.get(CODE);
  if (!data) return undefined;
  return { name: params.get(TARGET) ?? '0', data };
}
