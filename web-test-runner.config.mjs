// Browser tests in Debian's Chromium (never a downloaded browser). Vite runs as middleware in front of
// the test runner's server, so tests load src/ exactly as the demo does (TypeScript, ?raw imports,
// /wasm/ served from node_modules/pyodide), plus a few test-only routes for fault injection.
import { defaultReporter } from '@web/test-runner';
import { chromeLauncher } from '@web/test-runner-chrome';
import { webdriverLauncher } from '@web/test-runner-webdriver';
import puppeteer from 'puppeteer-core';
import { createServer } from 'vite';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './scripts/chromium.mjs';
import { FIREFOX_LAUNCH, selectedEngines, startWebKitDriver } from './scripts/engines.mjs';
import { collectGarbagePlugin } from './test/server/collect-garbage.mjs';
import { distributionStandInPage } from './test/server/distribution-stand-in.mjs';
import { keyboardPlugin } from './test/server/keyboard.mjs';
import { notebookSchemaPlugin } from './test/server/notebook-schema.mjs';
import { resultsReporter } from './test/server/results-reporter.mjs';
import { testRoutes } from './test/server/routes.mjs';

const vite = await createServer({
  configFile: './vite.config.ts',
  plugins: [
    {
      // No dependency pre-bundling: discovering a dependency mid-run makes Vite re-optimise and reload
      // the page, and its chunks were served under two URLs (with and without ?v=), loading Lit twice.
      // Everything the tests import is plain ESM, so Vite serves it as it is, but for xz-decompress, a
      // UMD bundle, bundled when the server starts (never discovered mid-run). (Set here, not inline:
      // an inline `include: []` would be merged with vite.config.ts's list, not replace it.)
      name: 'no-prebundling',
      config(config) {
        config.optimizeDeps = { ...config.optimizeDeps, noDiscovery: true, include: ['xz-decompress'] };
        // One folder per engine for that one: two engines' servers may run at once (two terminals).
        config.cacheDir = `node_modules/.vite-wtr-${selectedEngines().join('-')}`;
      },
    },
    {
      // The runner serves its own modules (e.g. the websocket client @web/test-runner-commands imports);
      // Vite must leave those imports alone instead of failing to resolve them.
      name: 'wtr-own-modules',
      enforce: 'pre',
      resolveId: (id) =>
        id.startsWith('/__web-dev-server') || id.startsWith('/__web-test-runner') ? { id, external: true } : null,
    },
  ],
  logLevel: 'error',
  server: { middlewareMode: true, hmr: false, ws: false },
  appType: 'custom',
});

/** Koa → Connect bridge: Vite answers what it knows, everything else falls through to the runner. */
function viteMiddleware(ctx, next) {
  if (ctx.path.startsWith('/__web-dev-server') || ctx.path.startsWith('/__wds') || ctx.path.startsWith('/__web-test-runner')) {
    return next();
  }
  if (ctx.path === '/@vite/client') {
    // With HMR off the only import of Vite's client is injectQuery, wrapped around run-time import()s
    // (our /wasm/*.mjs URLs need no query). The real client would try a websocket the runner lacks.
    ctx.type = 'js';
    ctx.body = 'export const injectQuery = (url) => url;';
    return undefined;
  }
  return new Promise((resolve, reject) => {
    // Vite either answers (the response finishes) or calls next() to pass the request on.
    const answered = () => {
      ctx.respond = false;
      resolve();
    };
    ctx.res.once('finish', answered);
    vite.middlewares(ctx.req, ctx.res, (error) => {
      ctx.res.off('finish', answered);
      if (error) reject(error);
      else resolve(next());
    });
  });
}

/**
 * The security headers of the pages that test them. Trusted Types: `trusted-types.test.html` gets a
 * CSP that enforces them. Cross-origin isolation: `*.isolated.test.html` gets COOP/COEP, and every
 * non-page response gets COEP (an isolated page's worker script needs it; other pages ignore it).
 * Every other test page is an ordinary, non-isolated page.
 */
function securityHeaders(ctx, next) {
  if (ctx.path.endsWith('/trusted-types.test.html')) {
    ctx.set('Content-Security-Policy', "require-trusted-types-for 'script'");
  }
  if (ctx.path.endsWith('.isolated.test.html')) {
    ctx.set('Cross-Origin-Opener-Policy', 'same-origin');
    ctx.set('Cross-Origin-Embedder-Policy', 'require-corp');
  } else if (!ctx.path.endsWith('.html') && !ctx.path.endsWith('/')) {
    ctx.set('Cross-Origin-Embedder-Policy', 'require-corp');
  }
  return next();
}

// The engines to test in: PY_ENGINES=chromium,firefox,webkit (default: all three; `npm run
// test:browser` and `npm test` run one engine per run, one after another: scripts/test-browsers.mjs,
// scripts/test-suite.mjs). A test that cannot hold on an engine skips itself there and says why
// (test/browser/engine.ts).
const engines = selectedEngines();
const webkit = engines.includes('webkit') ? await startWebKitDriver() : undefined;

/**
 * The engines' launchers; `createPage` (Chromium and Firefox only) shapes each test page. WebKit's is
 * one launcher for every group: WebKitWebDriver holds one session at a time.
 */
let webkitLauncher;
function launchers({ createPage } = {}) {
  return engines.map((engine) => {
    if (engine === 'chromium') {
      return chromeLauncher({
        launchOptions: { executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS },
        createPage,
      });
    }
    if (engine === 'firefox') return chromeLauncher({ puppeteer, launchOptions: FIREFOX_LAUNCH, createPage });
    if (webkitLauncher) return webkitLauncher;
    const launcher = webdriverLauncher({ automationProtocol: 'webdriver', ...webkit.session });
    const initialize = launcher.initialize.bind(launcher);
    launcher.initialize = async (config) => {
      await initialize(config);
      launcher.name = 'WebKit'; // the report's label (it would read the capabilities' empty browserName)
    };
    webkitLauncher = launcher;
    return launcher;
  });
}

const integration = (name) => ({ name, files: `src/**/${name}.integration.test.ts` });

export default {
  rootDir: '.',
  // Unit tests (fake runtime, no Pyodide) are the default group; each integration file loads the real
  // interpreter in its own page and gets its own group (`npx wtr --group py-script`).
  files: ['src/**/*.test.ts', '!src/**/*.integration.test.ts', '!src/components/py-repl/monaco-editor.test.ts'],
  groups: [
    integration('py-script'),
    integration('py-repl'),
    integration('runtime-load'),
    integration('snapshot-cache'),
    integration('ffi'),
    integration('events'),
    integration('js-api'),
    integration('blocking'),
    integration('config'),
    integration('teaching'),
    integration('i18n'),
    integration('runtime-retry'),
    integration('stopped'),
    integration('recursion'),
    integration('worker'),
    integration('share'),
    {
      // Pyodide's distribution (a CDN) answered in the browser from this machine: see the file.
      ...integration('packages'),
      browsers: launchers({ createPage: distributionStandInPage }),
    },
    { name: 'worker-isolated', files: 'src/runtime/worker/worker.isolated.test.html' },
    { name: 'trusted-types', files: 'src/output/trusted-types.test.html' },
    { name: 'early-elements', files: 'src/runtime/early-elements.test.html' },
    // Monaco with real keyboard and mouse input (sendKeys/sendMouse); ~800 modules, so its own page.
    { name: 'monaco', files: 'src/components/py-repl/monaco-editor.test.ts' },
  ],
  concurrency: 1,
  // Budgets for a loaded machine (the suite must pass with another `npm test` beside it, load 10+ on
  // 2 cores): one test may start an interpreter a few times (90 s); a file, at most 6 such tests, has
  // 8 minutes before the runner gives up on it. A test that hangs still fails at its own 90 s.
  browserStartTimeout: 120_000,
  testsStartTimeout: 120_000,
  testsFinishTimeout: 480_000,
  testFramework: { config: { timeout: 90_000 } },
  middleware: [securityHeaders, testRoutes, viteMiddleware],
  browsers: launchers(),
  // One engine per run (scripts/test-browsers.mjs): its results are kept for the support table's check.
  reporters: [defaultReporter(), ...(engines.length === 1 ? [resultsReporter(engines[0])] : [])],
  plugins: [
    collectGarbagePlugin,
    keyboardPlugin,
    notebookSchemaPlugin,
    { name: 'close-vite', serverStop: () => vite.close() },
    { name: 'stop-webkit-driver', serverStop: () => webkit?.stop() },
  ],
};
