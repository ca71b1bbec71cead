import { trustedScriptURL } from './trusted-types.js';

/**
 * Starts a module worker from a script URL relative to the calling chunk, so dist/ works under any
 * path. Browsers refuse a cross-origin worker script (the library served from a CDN): then a
 * same-origin blob worker imports it, which needs the CORS headers CDNs send for module scripts anyway.
 * `WorkerClass` lets a library's Worker subclass (coincident's) be the one constructed.
 */
export function startModuleWorker<W extends Worker>(
  url: URL,
  name: string,
  WorkerClass: new (url: string | URL, options?: WorkerOptions) => W = Worker as never,
): W {
  if (url.origin === location.origin) return new WorkerClass(trustedScriptURL(url.href), { type: 'module', name });
  const blob = new Blob([`import ${JSON.stringify(url.href)};`], { type: 'text/javascript' });
  const blobUrl = URL.createObjectURL(blob);
  const worker = new WorkerClass(trustedScriptURL(blobUrl), { type: 'module', name });
  setTimeout(() => URL.revokeObjectURL(blobUrl), 60_000);
  return worker;
}
