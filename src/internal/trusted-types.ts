/**
 * Trusted Types: on a page whose CSP says `require-trusted-types-for 'script'`, the two kinds of sink
 * py-elements writes need a policy's blessing: the raw-HTML display APIs (`HTML()`, `_repr_html_`,
 * `_repr_svg_`, which insert the author's markup as it is, by design) and the URLs of its workers.
 * The `py-elements` policy blesses exactly these call sites: it stays in this module, so no other
 * script can use it to get around the page's policy. A page that restricts policy names must allow
 * `py-elements` (docs/security.md); where it does not, or the browser has no Trusted Types, the
 * plain strings are used and the browser's own rules apply.
 */
interface Policy {
  createHTML(input: string): unknown;
  createScriptURL(input: string): unknown;
}

let policy: Policy | null | undefined;

function pyElementsPolicy(): Policy | null {
  if (policy === undefined) {
    const factory = (globalThis as { trustedTypes?: { createPolicy(name: string, rules: Policy): Policy } }).trustedTypes;
    try {
      policy = factory?.createPolicy('py-elements', { createHTML: (input) => input, createScriptURL: (input) => input }) ?? null;
    } catch {
      policy = null; // the CSP's trusted-types directive does not list py-elements
    }
  }
  return policy;
}

/** Markup for innerHTML, blessed where Trusted Types are enforced. */
export function trustedHTML(html: string): string {
  return (pyElementsPolicy()?.createHTML(html) ?? html) as string;
}

/** A worker script URL, blessed where Trusted Types are enforced. */
export function trustedScriptURL(url: string): string {
  return (pyElementsPolicy()?.createScriptURL(url) ?? url) as string;
}
