// One small way to open a page in Firefox or WebKit for the end-to-end tests (Chromium's tests use
// playwright-core, support.mjs). Each page gets a browser profile of its own: nothing cached between
// pages. Pages report their errors themselves (ERROR_RECORDER): WebDriver cannot listen to a page.
import puppeteer from 'puppeteer-core';
import { remote } from 'webdriverio';
import { FIREFOX_LAUNCH, startWebKitDriver, webkitEvaluate } from '../../scripts/engines.mjs';
import { chordActions, typingActions } from '../server/keyboard.mjs';

/** Put first in a test page's head: uncaught errors, rejections and console.error land in window.__errors. */
export const ERROR_RECORDER = `<script>window.__errors = [];
addEventListener('error', (e) => __errors.push(String(e.message)));
addEventListener('unhandledrejection', (e) => __errors.push(String(e.reason)));
{ const error = console.error; console.error = (...args) => { __errors.push(args.map(String).join(' ')); error.apply(console, args); }; }
</script>`;

/**
 * Opens `url` in `engine` ('firefox' | 'webkit'); resolves with { evaluate(fn, ...args), click(x, y),
 * press(...keys), type(text), reload(), screenshot(), close() }. `evaluate` runs fn in the page (it
 * may return a promise) and resolves with its value; `click` is a real mouse click at viewport
 * coordinates; `press('Shift', 'Enter')` holds every key but the last; `type` types one key per
 * character. Key names are Playwright's (test/server/keyboard.mjs).
 */
export async function openPage(engine, url) {
  if (engine === 'firefox') {
    const browser = await puppeteer.launch(FIREFOX_LAUNCH);
    try {
      const page = await browser.newPage();
      await page.setViewport({ width: 1100, height: 900 });
      await page.goto(url, { waitUntil: 'load' });
      return {
        evaluate: (fn, ...args) => page.evaluate(fn, ...args),
        click: (x, y) => page.mouse.click(x, y),
        async press(...keys) {
          for (const key of keys.slice(0, -1)) await page.keyboard.down(key);
          await page.keyboard.press(keys.at(-1));
          for (const key of keys.slice(0, -1).reverse()) await page.keyboard.up(key);
        },
        type: (text) => page.keyboard.type(text),
        reload: () => page.reload({ waitUntil: 'load' }),
        screenshot: async () => Buffer.from(await page.screenshot()),
        close: () => browser.close(),
      };
    } catch (error) {
      await browser.close();
      throw error;
    }
  }
  if (engine !== 'webkit') throw new Error(`openPage: no engine "${engine}" here (Chromium: support.mjs)`);
  const driver = await startWebKitDriver();
  let session;
  try {
    session = await remote(driver.session);
    await session.setWindowSize(1100, 900).catch(() => {});
    await session.url(url);
    return {
      evaluate: webkitEvaluate(session), // the page records its errors itself (ERROR_RECORDER)
      click: (x, y) =>
        session.performActions([
          {
            type: 'pointer',
            id: 'mouse',
            parameters: { pointerType: 'mouse' },
            actions: [
              { type: 'pointerMove', origin: 'viewport', x: Math.round(x), y: Math.round(y) },
              { type: 'pointerDown', button: 0 },
              { type: 'pointerUp', button: 0 },
            ],
          },
        ]),
      press: (...keys) => session.performActions(chordActions(keys)),
      type: (text) => session.performActions(typingActions(text)),
      reload: () => session.refresh(),
      screenshot: async () => Buffer.from(await session.takeScreenshot(), 'base64'),
      async close() {
        await session.deleteSession().catch(() => {});
        driver.stop();
      },
    };
  } catch (error) {
    await session?.deleteSession().catch(() => {});
    driver.stop();
    throw error;
  }
}
