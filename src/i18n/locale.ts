import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { deadline } from '../internal/deadline.js';
import { type Messages, en } from './messages.js';

/**
 * The languages that ship, by primary subtag. English is built in; each other table is a chunk of its
 * own (~3.5 KB gzip), loaded the first time an element in that language appears, so a page pays only
 * for its own language.
 */
const LOADERS: Record<string, () => Promise<Messages>> = {
  ko: () => import('./ko.js').then((module) => module.ko),
  fr: () => import('./fr.js').then((module) => module.fr),
};
/** A table that has not come in by then is given up for English: the element must render. */
const LOAD_TIMEOUT_MS = 5000;

/** Ships a language for a test's page, with a loader that takes as long as the test needs. */
export function addLanguageForTests(primary: string, loader: () => Promise<Messages>): void {
  LOADERS[primary] = loader;
}

const tables: Record<string, Messages> = { en };
const loading = new Map<string, Promise<void>>();

const primaryOf = (lang: string) => lang.trim().toLowerCase().split(/[-_]/)[0];

/**
 * The language an element is read in: the `lang` of its nearest ancestor that has one (itself
 * included), crossing shadow roots to their hosts, then the document's. Not the browser's language:
 * a page written in English keeps an English toolbar for a reader whose browser is Korean.
 */
export function langOf(element: Element): string {
  for (let node: Element | null = element; node;) {
    const owner = node.closest('[lang]');
    if (owner) return owner.getAttribute('lang') ?? '';
    const root = node.getRootNode();
    node = root instanceof ShadowRoot ? root.host : null;
  }
  return document.documentElement.lang;
}

/**
 * The table for a language tag by its primary subtag (`ko-KR` → Korean) once it is loaded (see
 * loadMessages); English for anything else, and meanwhile.
 */
export function messagesForLang(lang: string): Messages {
  const primary = primaryOf(lang);
  if (Object.hasOwn(tables, primary)) return tables[primary];
  void loadMessages(lang);
  return en;
}

/**
 * Loads the table for a language tag; undefined when there is nothing to wait for (English, a
 * language that does not ship, a table already in). Elements that render messages wait for it before
 * their first render, so a page in Korean never shows English first; when it comes, they render again.
 * A table that cannot be loaded (offline, a chunk missing from the deploy) leaves English, with a warning.
 */
export function loadMessages(lang: string): Promise<void> | undefined {
  const primary = primaryOf(lang);
  if (Object.hasOwn(tables, primary) || !Object.hasOwn(LOADERS, primary)) return undefined;
  let loaded = loading.get(primary);
  if (!loaded) {
    // Counted as time the page was free to hear the table: a page held busy (Python starting, in
    // WebKit for seconds) ran the expired timer before the table that had come meanwhile.
    loaded = deadline(LOADERS[primary](), () => `not loaded in ${LOAD_TIMEOUT_MS / 1000} s`, LOAD_TIMEOUT_MS)
      .then(
        (table) => {
          tables[primary] = table;
        },
        (error: unknown) => {
          tables[primary] = en;
          console.warn(`py-elements: the "${primary}" interface text could not be loaded, so it is in English.`, error);
        },
      )
      .finally(() => {
        for (const host of hosts) host.requestUpdate();
      });
    loading.set(primary, loaded);
  }
  return loaded;
}

/** The table for an element's language (langOf). */
export function messagesFor(element: Element): Messages {
  return messagesForLang(langOf(element));
}

/** Connected elements that render messages, asked to render again when some `lang` changes. */
const hosts = new Set<ReactiveControllerHost>();
let observer: MutationObserver | undefined;

function watchLang(): void {
  if (observer) return;
  // One observer for the page, on first use: any `lang` change may change the language of any of them.
  observer = new MutationObserver(() => {
    for (const host of hosts) host.requestUpdate();
  });
  observer.observe(document, { attributes: true, attributeFilter: ['lang'], subtree: true });
}

/**
 * An element's messages in its language, read fresh at each render (`this.#locale.messages`), and a
 * new render when a `lang` attribute on the page changes. What the element already wrote into its
 * output (printed text, errors shown) stays in the language it was written in.
 */
export class LocaleController implements ReactiveController {
  readonly #host: ReactiveControllerHost & Element;

  constructor(host: ReactiveControllerHost & Element) {
    this.#host = host;
    host.addController(this);
  }

  /** The table for the element's language now. */
  get messages(): Messages {
    return messagesFor(this.#host);
  }

  /**
   * What the element's next render waits for: its language's table, while it loads (else undefined).
   * For the element's `scheduleUpdate` (see LocalizedElement).
   */
  get loading(): Promise<void> | undefined {
    return loadMessages(langOf(this.#host));
  }

  hostConnected(): void {
    watchLang();
    hosts.add(this.#host);
    this.#host.requestUpdate(); // moved under another lang meanwhile
  }

  hostDisconnected(): void {
    hosts.delete(this.#host);
  }
}
