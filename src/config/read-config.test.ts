// quickIndexURL(): the interpreter's folder without reading <py-config>, or undefined when only the
// whole reading can tell (read-config.ts).
import { expect, mount, unmountAll } from '../../test/browser/helpers.js';
import { defaultIndexURL, quickIndexURL, readPageConfig } from './read-config.js';

describe('quickIndexURL', () => {
  afterEach(() => {
    unmountAll();
    document.querySelector('script[data-index-url]')?.remove();
  });

  it('is the default folder on a page without settings', () => {
    expect(quickIndexURL()).to.equal(defaultIndexURL());
  });

  it("follows a script tag's data-index-url, as the whole reading does", async () => {
    const script = document.createElement('script');
    script.dataset.indexUrl = '/elsewhere/wasm';
    document.head.append(script);
    expect(quickIndexURL()).to.equal(new URL('/elsewhere/wasm/', location.href).href);
    expect(quickIndexURL()).to.equal((await readPageConfig()).indexURL);
  });

  it('is known through a TOML <py-config> that does not set it', async () => {
    mount('<py-config>packages = []\nload = "eager"</py-config>');
    expect(quickIndexURL()).to.equal(defaultIndexURL());
    expect(quickIndexURL()).to.equal((await readPageConfig()).indexURL);
  });

  it('is left to the whole reading when <py-config> sets it, comes from src, or is not alone', () => {
    mount('<py-config>index-url = "/other/"</py-config>');
    expect(quickIndexURL()).to.equal(undefined);
    unmountAll();
    mount('<py-config src="/settings.toml"></py-config>');
    expect(quickIndexURL()).to.equal(undefined);
    unmountAll();
    mount('<div><py-config></py-config><py-config></py-config></div>');
    expect(quickIndexURL()).to.equal(undefined);
  });
});
