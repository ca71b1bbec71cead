import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { fr } from './fr.js';
import { ko } from './ko.js';
import { type Messages, en } from './messages.js';

/** The languages that ship, by primary subtag. */
const TABLES: Record<string, Messages> = { en, ko, fr };

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

/** The table for a language tag by its primary subtag (`ko-KR` → Korean); English for anything else. */
export function messagesForLang(lang: string): Messages {
  const primary = lang.trim().toLowerCase().split(/[-_]/)[0];
  return Object.hasOwn(TABLES, primary) ? TABLES[primary] : en;
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

  hostConnected(): void {
    watchLang();
    hosts.add(this.#host);
    this.#host.requestUpdate(); // moved under another lang meanwhile
  }

  hostDisconnected(): void {
    hosts.delete(this.#host);
  }
}
