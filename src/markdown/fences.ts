/**
 * What both markdown plugins share (markdown-it.ts, rehype.ts): reading the options of a fence such as
 * ```` ```python {repl readonly scope=ch1} ```` and building the element it becomes, as a small tree
 * each plugin writes out its own way (HTML text, or hast). Runs at build time, in Node; no DOM.
 *
 * Markdown is page content: the same renderer may turn a visitor's comment into HTML. So only the
 * attributes listed in OPTIONS can come out, values are checked and escaped, and what would run
 * Python with no reader action (`{run}`, `autorun`) or in the author's namespaces (`scope`) needs the
 * author's `allow` (docs/security.md).
 */

/** Options of the markdown-it and rehype plugins. */
export interface PyElementsMarkdownOptions {
  /**
   * What the markdown may ask for beyond REPLs that run when the reader presses Run: `run` (a
   * `<py-script>`, which runs as the page loads), `autorun` and `scope`. List them only when every
   * markdown this renderer sees is the site author's own, never a visitor's.
   */
  allow?: readonly AllowedOption[];
}

export type AllowedOption = 'run' | 'autorun' | 'scope';

/** A fence as a plugin found it: its info string (`python {repl}`), its code and its line (1-based). */
export interface Fence {
  info: string;
  code: string;
  line?: number;
}

/** An element to write out: attribute values are plain text (the writer escapes them). */
export interface ElementNode {
  tag: string;
  attributes: [name: string, value: string | true][];
  children: (ElementNode | string)[];
}

/** A fence's options are wrong: the message names the line and the option. */
export class FenceError extends Error {
  readonly line?: number;
  constructor(message: string, line?: number) {
    super(`py-elements: ${line === undefined ? '' : `line ${line}: `}${message}`);
    this.name = 'FenceError';
    this.line = line;
  }
}

type Kind = 'repl' | 'run' | 'check' | 'hint' | 'solution';
/** The kinds that move into the `{repl id=…}` their `for` names. */
type Attached = 'check' | 'hint' | 'solution';
type Value =
  { type: 'flag' } | { type: 'name' } | { type: 'text' } | { type: 'count' } | { type: 'one-of'; values: readonly string[] };

const FLAG: Value = { type: 'flag' };
const NAME: Value = { type: 'name' };
const oneOf = (...values: string[]): Value => ({ type: 'one-of', values });

/** Every option each kind knows, with the attribute it becomes; nothing else is ever written. */
const OPTIONS: Record<Kind, Record<string, Value>> = {
  repl: {
    id: NAME,
    scope: NAME,
    mode: oneOf('editor', 'console'),
    readonly: FLAG,
    'no-persist': FLAG,
    load: oneOf('visible', 'eager'),
    editor: oneOf('auto', 'plain'),
    theme: oneOf('light', 'dark'),
    autorun: FLAG,
    worker: FLAG,
    'solution-after': { type: 'count' },
  },
  run: { id: NAME, scope: NAME, target: NAME, worker: FLAG },
  check: { for: NAME, name: { type: 'text' } },
  hint: { for: NAME },
  solution: { for: NAME },
};
const ATTACHED: readonly Kind[] = ['check', 'hint', 'solution'];

const KINDS = Object.keys(OPTIONS) as Kind[];
const ALLOWABLE: readonly AllowedOption[] = ['run', 'autorun', 'scope'];
// Ids and scopes: letters, digits, `_`, `.`, `-`. Enough for names, and nothing that needs quoting.
const NAME_PATTERN = /^[\p{L}\p{N}_.-]+$/u;
const TAGS: Record<Exclude<Kind, Attached>, string> = { repl: 'py-repl', run: 'py-script' };
/** Fence languages: Python, and for a hint (prose, shown as plain text) also text. */
const HINT_LANGUAGES = ['text', 'txt'];

interface Parsed {
  kind: Kind;
  options: Map<string, string | true>;
  code: string;
  line?: number;
}

/** Checks the plugin's own options once, when the plugin is set up. */
export function allowedOptions(options: PyElementsMarkdownOptions = {}): ReadonlySet<AllowedOption> {
  for (const key of Object.keys(options)) {
    if (key !== 'allow') throw new FenceError(`unknown plugin option ${JSON.stringify(key)} (the only one is "allow")`);
  }
  const allow = options.allow ?? [];
  if (!Array.isArray(allow)) throw new FenceError('the plugin option "allow" must be an array, e.g. allow: ["run"]');
  for (const name of allow) {
    if (!ALLOWABLE.includes(name)) {
      throw new FenceError(
        `allow: unknown option ${JSON.stringify(name)}; it can list ${ALLOWABLE.map((n) => `"${n}"`).join(', ')}`,
      );
    }
  }
  return new Set(allow);
}

/**
 * Turns a document's fences, in document order, into what each becomes: an element, `null` for a
 * check (it moves into the REPL it names) or `undefined` for a fence that is not ours (other
 * languages, plain ```` ```python ````, line-highlight braces such as `{1,3}`). Throws a FenceError
 * for options it does not know or does not allow.
 */
export function convertFences(fences: readonly Fence[], allow: ReadonlySet<AllowedOption>): (ElementNode | null | undefined)[] {
  const parsed = fences.map((fence) => parseFence(fence, allow));
  const repls = new Map<string, { parsed: Parsed; attached: Parsed[] }>();
  const ids = new Set<string>();
  for (const fence of parsed) {
    const id = fence?.options.get('id');
    if (!fence || typeof id !== 'string') continue;
    if (ids.has(id)) throw new FenceError(`two blocks have id=${id}`, fence.line);
    ids.add(id);
    if (fence.kind === 'repl') repls.set(id, { parsed: fence, attached: [] });
  }
  for (const fence of parsed) {
    if (!fence || !ATTACHED.includes(fence.kind)) continue;
    const kind = fence.kind;
    const target = fence.options.get('for');
    if (typeof target !== 'string') throw new FenceError(`{${kind}} needs the id of its REPL: {${kind} for=ex1}`, fence.line);
    const repl = repls.get(target);
    if (!repl) {
      throw new FenceError(`{${kind} for=${target}}: no {repl id=${target}} block in this document`, fence.line);
    }
    if (repl.parsed.options.get('mode') === 'console') {
      throw new FenceError(
        `{${kind} for=${target}}: exercises (checks, hints, a solution) are for REPLs in editor mode, and this one is mode=console`,
        fence.line,
      );
    }
    if (kind === 'solution' && repl.attached.some((other) => other.kind === 'solution')) {
      throw new FenceError(`{solution for=${target}}: that REPL has a solution already`, fence.line);
    }
    if (kind !== 'hint' && !fitsInScript(fence.code)) {
      throw new FenceError(`a ${kind} cannot contain "</script" or "<!--" (HTML would end its <script> there)`, fence.line);
    }
    repl.attached.push(fence);
  }
  return parsed.map((fence) => {
    if (!fence) return undefined;
    if (ATTACHED.includes(fence.kind)) return null;
    const id = fence.options.get('id');
    return buildElement(fence, typeof id === 'string' ? (repls.get(id)?.attached ?? []) : []);
  });
}

export type FenceKind = Kind;

/**
 * A fence's kind and options from its info string as a renderer kept it in the page (`python {repl
 * readonly}`, or only the braces), for the runtime `upgrade`: read and checked as the plugins read
 * them, with every option returned, as the caller decides what page content may set. Undefined when
 * the text holds no options of ours; a FenceError when they are wrong.
 */
export function readFenceInfo(info: string): { kind: FenceKind; options: Map<string, string | true> } | undefined {
  const text = info.trim();
  const parsed = parseFence({ info: text.startsWith('{') ? `python ${text}` : text, code: '' }, new Set(ALLOWABLE));
  return parsed && { kind: parsed.kind, options: parsed.options };
}

/** `python {repl readonly scope=ch1}` → the kind and options, or undefined if the fence is not ours. */
function parseFence({ info, code, line }: Fence, allow: ReadonlySet<AllowedOption>): Parsed | undefined {
  const match = /^([\w-]+)\s*(\{.*)$/s.exec(info.trim());
  if (!match) return undefined;
  const [, language, braces] = match;
  const prose = HINT_LANGUAGES.includes(language.toLowerCase());
  if (!prose && !['python', 'py'].includes(language.toLowerCase())) return undefined;
  if (prose && !/^\{\s*hint\b/.test(braces)) return undefined; // a text block with braces of its own
  if (/^\{[\d\s,-]*\}$/.test(braces)) return undefined; // line highlighting (VitePress, Docusaurus)
  const items = tokenize(braces, line);
  const [first, ...rest] = items;
  const kind = KINDS.find((k) => k === first?.name);
  if (!first || !kind || first.value !== undefined) {
    const got = first ? `"${first.name}${first.value === undefined ? '' : '=…'}"` : 'nothing';
    throw new FenceError(`${braces}: a block starts with repl, run, check, hint or solution, not ${got}`, line);
  }
  if (kind === 'run' && !allow.has('run')) {
    throw new FenceError(
      `${braces}: {run} runs Python as the page loads, with no reader action. If this markdown is the site ` +
        'author\'s own (never a visitor\'s), allow it with the plugin option allow: ["run"] (docs/security.md)',
      line,
    );
  }
  const known = OPTIONS[kind];
  const options = new Map<string, string | true>();
  for (const { name, value } of rest) {
    const spec = Object.hasOwn(known, name) ? known[name] : undefined;
    if (!spec) {
      const hint = closest(name, Object.keys(known));
      throw new FenceError(
        `${braces}: unknown option "${name}" for {${kind}}${hint ? ` (did you mean "${hint}"?)` : ''}; ` +
          `it knows ${Object.keys(known).join(', ')}`,
        line,
      );
    }
    if (options.has(name)) throw new FenceError(`${braces}: "${name}" is given twice`, line);
    if ((name === 'autorun' || name === 'scope') && !allow.has(name)) {
      throw new FenceError(
        `${braces}: "${name}" ${name === 'autorun' ? 'runs Python with no reader action' : "shares a namespace with the author's code"}. ` +
          `If this markdown is the site author's own (never a visitor's), allow it with the plugin option allow: ["${name}"] (docs/security.md)`,
        line,
      );
    }
    options.set(name, checkValue(kind, name, spec, value, braces, line));
  }
  return { kind, options, code, line };
}

function checkValue(
  kind: Kind,
  name: string,
  spec: Value,
  value: string | undefined,
  braces: string,
  line?: number,
): string | true {
  if (spec.type === 'flag') {
    if (value !== undefined) throw new FenceError(`${braces}: "${name}" takes no value (write just ${name})`, line);
    return true;
  }
  if (value === undefined) throw new FenceError(`${braces}: "${name}" needs a value (${name}=…)`, line);
  if (spec.type === 'one-of' && !spec.values.includes(value)) {
    throw new FenceError(`${braces}: ${name}=${value} for {${kind}}: use ${spec.values.join(' or ')}`, line);
  }
  if (spec.type === 'count' && !/^\d{1,3}$/.test(value)) {
    throw new FenceError(`${braces}: ${name}=${JSON.stringify(value)}: use a whole number, e.g. ${name}=2`, line);
  }
  if (spec.type === 'name' && !NAME_PATTERN.test(value)) {
    throw new FenceError(`${braces}: ${name}=${JSON.stringify(value)}: use letters, digits, "_", "." and "-" only`, line);
  }
  return value;
}

/** `{repl readonly key="quoted value" k='v'}` → items; values quoted with " or ' may hold spaces. */
function tokenize(braces: string, line?: number): { name: string; value?: string }[] {
  const items: { name: string; value?: string }[] = [];
  const fail = (why: string): never => {
    throw new FenceError(`cannot read the options ${braces}: ${why}`, line);
  };
  let i = 1;
  const space = () => {
    while (i < braces.length && /\s/.test(braces[i])) i++;
  };
  for (;;) {
    space();
    if (i >= braces.length) fail('the "}" is missing');
    if (braces[i] === '}') break;
    const name = /^[A-Za-z][\w-]*/.exec(braces.slice(i))?.[0];
    if (!name) fail(`unexpected ${JSON.stringify(braces[i])} where an option name should be`);
    i += name!.length;
    let value: string | undefined;
    if (braces[i] === '=') {
      i++;
      const quote = braces[i];
      if (quote === '"' || quote === "'") {
        const end = braces.indexOf(quote, i + 1);
        if (end < 0) fail(`the quote after ${name}= is not closed`);
        value = braces.slice(i + 1, end);
        i = end + 1;
      } else {
        value = /^[^\s"'{}=]*/.exec(braces.slice(i))![0];
        if (!value) fail(`${name}= has no value (quote an empty or spaced one: ${name}="…")`);
        i += value.length;
      }
    }
    if (i < braces.length && !/[\s}]/.test(braces[i])) fail(`unexpected ${JSON.stringify(braces[i])} after ${name}`);
    items.push({ name: name!.toLowerCase(), value });
  }
  if (braces.slice(i + 1).trim()) fail(`unexpected text after "}": ${JSON.stringify(braces.slice(i + 1).trim())}`);
  return items;
}

/**
 * `<py-repl readonly scope="ch1"><script type="text/python">code</script><pre><code …>code</code></pre></py-repl>`:
 * the script holds the code exactly as written (the element reads it); the `<pre>` is what a reader
 * without JavaScript sees (the element's shadow root hides it once defined).
 */
function buildElement(fence: Parsed, attached: readonly Parsed[]): ElementNode {
  const tag = TAGS[fence.kind as Exclude<Kind, Attached>];
  const attributes = [...fence.options].map(([name, value]): [string, string | true] => [name, value]);
  const code = withoutFinalNewline(fence.code);
  const element: ElementNode = { tag, attributes, children: [] };
  if (fitsInScript(code)) {
    element.children.push(pythonScript(code));
    for (const check of attached.filter((a) => a.kind === 'check')) {
      const name = check.options.get('name');
      element.children.push(pythonScript(withoutFinalNewline(check.code), ['data-check', typeof name === 'string' ? name : '']));
    }
    // Hints: a template's content is parsed but never rendered, and the REPL reads its text.
    for (const hint of attached.filter((a) => a.kind === 'hint')) {
      element.children.push({ tag: 'template', attributes: [['data-hint', true]], children: [hint.code.trim()] });
    }
    for (const solution of attached.filter((a) => a.kind === 'solution')) {
      element.children.push(pythonScript(withoutFinalNewline(solution.code), ['data-solution', true]));
    }
    element.children.push({
      tag: 'pre',
      attributes: [],
      children: [{ tag: 'code', attributes: [['class', 'language-python']], children: [code] }],
    });
  } else {
    // No <script> can hold this code, so it is the element's text (which it reads when it has no
    // script); without JavaScript its line breaks collapse, but it stays readable text.
    if (attached.length) {
      throw new FenceError(
        'an exercise REPL (with checks, hints or a solution) cannot contain "</script" or "<!--" (HTML would end its <script> there)',
        fence.line,
      );
    }
    element.children.push(`\n${code}\n`);
  }
  return element;
}

function pythonScript(code: string, marker?: [string, string | true]): ElementNode {
  const attributes: [string, string | true][] = [['type', 'text/python']];
  if (marker) attributes.push(marker);
  return { tag: 'script', attributes, children: [`\n${code}\n`] };
}

/**
 * Whether text can sit in a `<script>` as it is: `</script` would end it, and `<!--` (followed by
 * `<script`) can make the parser skip the real end tag. There is no escaping inside a script.
 */
const fitsInScript = (code: string) => !/<\/script|<!--/i.test(code);

const withoutFinalNewline = (code: string) => code.replace(/\r?\n$/, '');

/** The known name nearest to a misspelt one (edit distance at most 2). */
function closest(name: string, known: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = 3;
  for (const candidate of known) {
    const d = distance(name, candidate);
    if (d < bestDistance) [best, bestDistance] = [candidate, d];
  }
  return best;
}

function distance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      row[j] = Math.min(previous[j] + 1, row[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = row;
  }
  return previous[b.length];
}

/** The element as HTML text. Script content is written as is: convertFences() only puts safe text there. */
export function toHtml(node: ElementNode | string, raw = false): string {
  if (typeof node === 'string') return raw ? node : escapeText(node);
  const attributes = node.attributes.map(([name, value]) =>
    value === true ? ` ${name}` : ` ${name}="${escapeAttribute(value)}"`,
  );
  const children = node.children.map((child) => toHtml(child, node.tag === 'script')).join('');
  return `<${node.tag}${attributes.join('')}>${children}</${node.tag}>`;
}

const escapeText = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const escapeAttribute = (text: string) => text.replace(/&/g, '&amp;').replace(/"/g, '&quot;');

/** The hast of an element (https://github.com/syntax-tree/hast), spelt as rehype's HTML parser would. */
export interface HastElement {
  type: 'element';
  tagName: string;
  properties: Record<string, string | true | string[]>;
  children: (HastElement | { type: 'text'; value: string })[];
  content?: { type: 'root'; children: HastElement['children'] };
}

/** hast property names of the attributes that have one of their own (the rest keep theirs). */
const HAST_PROPERTIES: Record<string, string> = {
  class: 'className',
  readonly: 'readOnly',
  'data-check': 'dataCheck',
  'data-hint': 'dataHint',
  'data-solution': 'dataSolution',
};

export function toHast(node: ElementNode): HastElement {
  const properties: HastElement['properties'] = {};
  for (const [name, value] of node.attributes) {
    properties[HAST_PROPERTIES[name] ?? name] = name === 'class' && value !== true ? value.split(' ') : value;
  }
  const children = node.children.map((child) =>
    typeof child === 'string' ? { type: 'text' as const, value: child } : toHast(child),
  );
  // hast keeps a template's children in `content`, as the HTML parser does.
  if (node.tag === 'template')
    return { type: 'element', tagName: node.tag, properties, children: [], content: { type: 'root', children } };
  return { type: 'element', tagName: node.tag, properties, children };
}
