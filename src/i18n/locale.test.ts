import { html } from 'lit';
import { expect, mount, unmountAll, waitFor } from '../../test/browser/helpers.js';
import { langOf, loadMessages, messagesFor, messagesForLang } from './locale.js';
import { LocalizedElement } from './localized-element.js';
import { en } from './messages.js';
import { fr } from './fr.js';
import { ko } from './ko.js';

/** An element that shows one message in its language, and keeps what each of its renders showed. */
class LocaleProbe extends LocalizedElement {
  readonly rendered: string[] = [];
  protected override render() {
    this.rendered.push(this.locale.messages.run);
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

  // First: each table is loaded once per page, and these see it before and after.
  it("loads a language's table on first use, English until then; English needs no loading", async () => {
    expect(loadMessages('en-GB')).to.equal(undefined);
    expect(loadMessages('de')).to.equal(undefined, 'a language that does not ship is English at once');
    expect(messagesForLang('ko')).to.equal(en, 'not loaded yet');
    const loading = loadMessages('ko-KR');
    expect(loading).to.be.instanceOf(Promise);
    expect(loadMessages('KO')).to.equal(loading, 'one load per language');
    await loading;
    expect(messagesForLang('ko')).to.equal(ko);
    expect(loadMessages('ko')).to.equal(undefined, 'loaded');
  });

  it('an element in a language whose table is not loaded yet first renders in that language', async () => {
    const probe = mount('<div lang="fr-CA"><i18n-locale-probe></i18n-locale-probe></div>').querySelector<LocaleProbe>(
      'i18n-locale-probe',
    )!;
    await waitFor(() => probe.rendered.length > 0, 'a render');
    await probe.updateComplete;
    expect(probe.rendered[0]).to.equal('Exécuter');
    expect(
      probe.rendered.every((label) => label === 'Exécuter'),
      probe.rendered.join(', '),
    ).to.be.true;
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

  it("falls back to the document's lang, then to English", async () => {
    await loadMessages('ko');
    document.documentElement.setAttribute('lang', 'ko');
    const el = mount('<div><span></span></div>').querySelector('span')!;
    expect(messagesFor(el)).to.equal(ko);
    document.documentElement.removeAttribute('lang');
    expect(messagesFor(el)).to.equal(en);
  });

  it('matches the primary subtag; anything unknown is English', async () => {
    await Promise.all([loadMessages('ko'), loadMessages('fr')]);
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
