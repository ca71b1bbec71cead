/**
 * Server commands for memory tests, both through the DevTools protocol (Chromium only). The console
 * messages the browser keeps for DevTools go first: they hold every object a test logged (Pyodide
 * logs its fatal errors), which would otherwise keep alive what a test expects to be collected.
 * - `collect-garbage` (executeServerCommand('collect-garbage')): a full garbage collection in the
 *   test's page; resolves with the page's JS heap in use afterwards (`usedSize`, bytes).
 * - `array-buffers` (payload `{ minBytes }`): the byte lengths of the page's ArrayBuffers of at
 *   least `minBytes` that are still alive after a full collection (their bytes live outside the JS
 *   heap, so `usedSize` misses them), read from a heap snapshot.
 */
export const collectGarbagePlugin = {
  name: 'collect-garbage',
  async executeCommand({ command, payload, session }) {
    if (command !== 'collect-garbage' && command !== 'array-buffers') return undefined;
    if (session.browser.type !== 'puppeteer') throw new Error(`${command} needs a Chromium driven over CDP`);
    const cdp = await session.browser.getPage(session.id).createCDPSession();
    try {
      await cdp.send('Runtime.discardConsoleEntries');
      for (let i = 0; i < 3; i++) await cdp.send('HeapProfiler.collectGarbage');
      if (command === 'collect-garbage') {
        const { usedSize } = await cdp.send('Runtime.getHeapUsage');
        return { usedSize };
      }
      return { sizes: await arrayBufferSizes(cdp, payload?.minBytes ?? 0) };
    } finally {
      await cdp.detach();
    }
  },
};

/** The sizes of the heap snapshot's ArrayBuffer stores (V8 names them "system / JSArrayBufferData"). */
async function arrayBufferSizes(cdp, minBytes) {
  const chunks = [];
  const collect = ({ chunk }) => chunks.push(chunk);
  cdp.on('HeapProfiler.addHeapSnapshotChunk', collect);
  try {
    await cdp.send('HeapProfiler.takeHeapSnapshot', { reportProgress: false, captureNumericValue: false });
  } finally {
    cdp.off('HeapProfiler.addHeapSnapshotChunk', collect);
  }
  const { snapshot, nodes, strings } = JSON.parse(chunks.join(''));
  const fields = snapshot.meta.node_fields;
  const [name, size] = [fields.indexOf('name'), fields.indexOf('self_size')];
  const sizes = [];
  for (let at = 0; at < nodes.length; at += fields.length) {
    if (nodes[at + size] >= minBytes && strings[nodes[at + name]] === 'system / JSArrayBufferData') sizes.push(nodes[at + size]);
  }
  return sizes.sort((a, b) => b - a);
}
