#!/usr/bin/env node
// Screenshots pages in Debian's Chromium, after every <py-script> on them has finished:
//   node scripts/screenshot.mjs http://localhost:5173/demo/hello.html out.png [--dark] [--width=900]
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './chromium.mjs';

const [url, out] = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const dark = process.argv.includes('--dark');
const width = Number(process.argv.find((a) => a.startsWith('--width='))?.slice(8) ?? 900);
if (!url || !out) {
  console.error('usage: node scripts/screenshot.mjs URL OUT.png [--dark] [--width=900]');
  process.exit(2);
}

const browser = await chromium.launch({
  executablePath: CHROMIUM_PATH,
  args: CHROMIUM_ARGS,
});
try {
  const page = await browser.newPage({ viewport: { width, height: 800 }, colorScheme: dark ? 'dark' : 'light' });
  page.on('console', (m) => m.type() === 'error' && console.error('console:', m.text()));
  page.on('pageerror', (e) => console.error('pageerror:', e.message));
  await page.addInitScript(() => {
    window.__pyDone = 0;
    document.addEventListener('py-done', () => window.__pyDone++);
  });
  await page.goto(url);
  await page
    .waitForFunction(() => window.__pyDone >= document.querySelectorAll('py-script').length, undefined, { timeout: 60_000 })
    .catch(() => console.error('not every <py-script> finished within 60 s'));
  await page.waitForTimeout(1500); // let async blocks finish printing
  await page.screenshot({ path: out, fullPage: true });
  console.log(`saved ${out}`);
} finally {
  await browser.close();
}
