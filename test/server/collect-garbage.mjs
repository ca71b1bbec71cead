/**
 * Server commands for memory tests, both through the DevTools protocol (Chromium only). The console
 * messages the browser keeps for DevTools go first: they hold every object a test logged (Pyodide
 * logs its fatal errors), which would otherwise keep alive what a test expects to be collected.
 * - `collect-garbage` (executeServerCommand('collect-garbage')): a full garbage collection in the
 *   test's page; resolves with the page's JS heap in use afterwards (`usedSize`, bytes).
 * - `array-buffers` (payload `{ minBytes, holders }`): the byte lengths of the page's ArrayBuffers
 *   of at least `minBytes` that are still alive after a full collection (their bytes live outside the
 *   JS heap, so `usedSize` misses them), read from a heap snapshot; with `holders`, beside each size
 *   the shortest chain of references that keeps it alive, for a test's failure to say why.
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
      return await arrayBuffers(cdp, payload?.minBytes ?? 0, !!payload?.holders);
    } finally {
      await cdp.detach();
    }
  },
};

/** The heap snapshot's ArrayBuffer stores (V8 names them "system / JSArrayBufferData"), largest first. */
async function arrayBuffers(cdp, minBytes, holders) {
  const chunks = [];
  const collect = ({ chunk }) => chunks.push(chunk);
  cdp.on('HeapProfiler.addHeapSnapshotChunk', collect);
  try {
    await cdp.send('HeapProfiler.takeHeapSnapshot', { reportProgress: false, captureNumericValue: false });
  } finally {
    cdp.off('HeapProfiler.addHeapSnapshotChunk', collect);
  }
  const heap = JSON.parse(chunks.join(''));
  const { nodes, strings } = heap;
  const fields = heap.snapshot.meta.node_fields;
  const [name, size] = [fields.indexOf('name'), fields.indexOf('self_size')];
  const found = [];
  for (let at = 0; at < nodes.length; at += fields.length) {
    if (nodes[at + size] >= minBytes && strings[nodes[at + name]] === 'system / JSArrayBufferData') {
      found.push({ at, size: nodes[at + size] });
    }
  }
  found.sort((a, b) => b.size - a.size);
  const sizes = found.map(({ size }) => size);
  if (!holders) return { sizes };
  const holdersOf = retainers(heap);
  return { sizes, holders: found.map(({ at }) => holdingChain(heap, holdersOf, at)) };
}

/** Per node (its index in `nodes`), the nodes that hold it and by which name (weak references left out). */
function retainers({ snapshot, nodes, edges, strings }) {
  const {
    node_fields: fields,
    edge_fields: edgeFields,
    edge_types: [edgeTypes],
  } = snapshot.meta;
  const [edgeCount, type, nameOrIndex, to] = [
    fields.indexOf('edge_count'),
    edgeFields.indexOf('type'),
    edgeFields.indexOf('name_or_index'),
    edgeFields.indexOf('to_node'),
  ];
  const held = new Map();
  let edge = 0;
  for (let at = 0; at < nodes.length; at += fields.length) {
    for (let k = 0; k < nodes[at + edgeCount]; k++, edge += edgeFields.length) {
      const kind = edgeTypes[edges[edge + type]];
      if (kind === 'weak') continue;
      const label =
        kind === 'element' || kind === 'hidden' ? `[${edges[edge + nameOrIndex]}]` : strings[edges[edge + nameOrIndex]];
      const target = edges[edge + to];
      if (!held.has(target)) held.set(target, []);
      held.get(target).push([at, label]);
    }
  }
  return held;
}

/** The shortest chain from a GC root to the node at `start`, one "kind:name .reference" per link. */
function holdingChain({ snapshot, nodes, strings }, holdersOf, start) {
  const fields = snapshot.meta.node_fields;
  const [type, name] = [fields.indexOf('type'), fields.indexOf('name')];
  const [nodeTypes] = snapshot.meta.node_types;
  const via = new Map([[start, null]]);
  let frontier = [start];
  let root;
  while (frontier.length && root === undefined) {
    const next = [];
    for (const node of frontier) {
      for (const [holder, label] of holdersOf.get(node) ?? []) {
        if (via.has(holder)) continue;
        via.set(holder, [node, label]);
        if (nodeTypes[nodes[holder + type]] === 'synthetic') root = holder;
        next.push(holder);
      }
    }
    frontier = next;
  }
  const chain = [];
  for (let node = root; node !== undefined && via.get(node); node = via.get(node)[0]) {
    const what = strings[nodes[node + name]].replace(/\s+/g, ' ').slice(0, 60);
    chain.push(`${nodeTypes[nodes[node + type]]}:${what} .${via.get(node)[1]}`);
  }
  return chain.join(' → ');
}
