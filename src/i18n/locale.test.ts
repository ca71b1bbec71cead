import { LitElement, html } from 'lit';
import { expect, mount, unmountAll, waitFor } from '../../test/browser/helpers.js';
import { LocaleController, langOf, messagesFor, messagesForLang } from './locale.js';
import { en } from './messages.js';
import { fr } from './fr.js';
import { ko } from './ko.js';

/** An element that shows one message in its language. */
class LocaleProbe extends LitElement {
  readonly locale = new LocaleController(this);
  protected override render() {
    return html`<button>${this.locale.messages.run}</button>`;
  }
}
customElements.define('i18n-locale-probe', LocaleProbe);

const text = (probe: Element) => probe.shadowRoot!.querySelector('button')!.textContent;

describe('the interface language', () => {
  const documentLang = document.documentElement.getAttribute('lang');
  afterEach(() => {
    unmountAll();
    if (documentLang === null) document.documentElement.removeAttribute('lang');
    else document.documentElement.setAttribute('lang', documentLang);
  });

  it('is the nearest lang, crossing shadow roots to their hosts', () => {
    const outer = mount('<div lang="ko"><span id="host"></span></div>');
    const host = outer.querySelector('#host')!;
    const root = host.attachShadow({ mode: 'open' });
    root.innerHTML = '<p><b>inner</b></p><p lang="fr"><i>quoted</i></p>';
    expect(langOf(root.querySelector('b')!)).to.equal('ko');
    expect(langOf(root.querySelector('i')!)).to.equal('fr');
    host.setAttribute('lang', 'en');
    expect(langOf(root.querySelector('b')!)).to.equal('en', "the host's own lang counts");
  });

  it("falls back to the document's lang, then to English", () => {
    document.documentElement.setAttribute('lang', 'ko');
    const el = mount('<div><span></span></div>').querySelector('span')!;
    expect(messagesFor(el)).to.equal(ko);
    document.documentElement.removeAttribute('lang');
    expect(messagesFor(el)).to.equal(en);
  });

  it('matches the primary subtag; anything unknown is English', () => {
    expect(messagesForLang('ko-KR')).to.equal(ko);
    expect(messagesForLang('KO')).to.equal(ko);
    expect(messagesForLang('fr-CA')).to.equal(fr);
    expect(messagesForLang('en-GB')).to.equal(en);
    expect(messagesForLang('de')).to.equal(en);
    expect(messagesForLang('')).to.equal(en);
    expect(messagesForLang('toString')).to.equal(en);
  });

  it('renders again when a lang on the page changes, and follows a move', async () => {
    const container = mount<HTMLDivElement>('<div lang="en"><i18n-locale-probe></i18n-locale-probe></div>');
    const probe = container.querySelector<LocaleProbe>('i18n-locale-probe')!;
    await probe.updateComplete;
    expect(text(probe)).to.equal('Run');
    container.setAttribute('lang', 'ko');
    await waitFor(() => text(probe) === '실행', 'the Korean label');
    container.setAttribute('lang', 'fr-CA');
    await waitFor(() => text(probe) === 'Exécuter', 'the French label');
    mount('<div lang="ko" id="elsewhere"></div>').append(probe);
    await waitFor(() => text(probe) === '실행', 'the Korean label after the move');
  });
});
