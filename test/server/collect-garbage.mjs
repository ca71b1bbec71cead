/**
 * Server command `collect-garbage` (from a test: executeServerCommand('collect-garbage')): a full
 * garbage collection in the test's page, through the DevTools protocol; resolves with the page's
 * JS heap in use afterwards (`usedSize`, bytes). The console messages the browser keeps for DevTools
 * go first: they hold every object a test logged (Pyodide logs its fatal errors), which would
 * otherwise keep alive what a test expects to be collected.
 */
export const collectGarbagePlugin = {
  name: 'collect-garbage',
  async executeCommand({ command, session }) {
    if (command !== 'collect-garbage') return undefined;
    if (session.browser.type !== 'puppeteer') throw new Error('collect-garbage needs a Chromium driven over CDP');
    const cdp = await session.browser.getPage(session.id).createCDPSession();
    try {
      await cdp.send('Runtime.discardConsoleEntries');
      for (let i = 0; i < 3; i++) await cdp.send('HeapProfiler.collectGarbage');
      const { usedSize } = await cdp.send('Runtime.getHeapUsage');
      return { usedSize };
    } finally {
      await cdp.detach();
    }
  },
};
