import type { PyodideAPI, loadPyodide as LoadPyodide } from 'pyodide';
import checksums from '../../../wasm/checksums.json';
import { afterEditors } from '../../internal/editors-first.js';
import { errorMessage } from '../../internal/error-message.js';
import { fetchOrExplain, statusLine } from '../../internal/fetch-source.js';
import type { InterpreterConfig, Progress } from '../contract.js';
import { PYODIDE_VERSION, version } from '../version.js';
import { compileEarly } from './early-compile.js';
import type { EarlyDownloads } from './early-downloads.js';
import {
  QUICK_SAMPLE,
  STDLIB_FILES,
  STDLIB_REST,
  STDLIB_UNPACK,
  rememberStdlib,
  rememberedStdlib,
  stdlibFor,
  type OwnStdlib,
  type StdlibKind,
} from './stdlib.js';
import { LinkMeter } from './link-meter.js';
import { deadline, isDeadline } from '../../internal/deadline.js';
import { watchFetches, watchWasmCompile } from './fetch-watch.js';
import { PackageLoader, packageSite } from './packages.js';
import { PACKAGE_FOLDER, PYTHON_PACKAGE } from './python-package.js';
import type { PythonHooks } from './python-api.js';
import { PREBUILT_SNAPSHOT, chooseSnapshot, openPrebuiltSnapshot, type PrebuiltSnapshot } from './snapshot-choice.js';
import { browserConnection, prebuiltPays, prebuiltSnapshotFirst } from './snapshot-policy.js';
import { findSnapshot, forgetSnapshot } from './snapshot.js';
import { restoreSparsely } from './sparse-restore.js';
import { fillRest, fillStartup, zipFromTail } from './stdlib-parts.js';
import { shareSmallModules } from './shared-modules.js';

/**
 * The compiled standard library carries the package's bytecode (wasm/stdlib.mjs, PACKAGE_BYTECODE),
 * made from these very sources: copied beside them, it spares compiling them at every start.
 * Checked-hash pycs: Python uses each only while its source is the same, else compiles the source.
 * Another zip has none, and the sources are compiled as before. Runs with `names`, `folder` and `cache` set.
 */
const COPY_BYTECODE = `
import os, sys, zipimport
if folder not in sys.path:
    sys.path.insert(0, folder)
tag = sys.implementation.cache_tag
try:
    archive = zipimport.zipimporter(next(path for path in sys.path if path.endswith('.zip')))
    pycs = [(name, archive.get_data(f'py-elements-bytecode/{name}.{tag}.pyc')) for name in names]
except (StopIteration, zipimport.ZipImportError, OSError):
    pycs = []
for name, data in pycs:
    os.makedirs(cache, exist_ok=True)
    with open(f'{cache}/{name}.{tag}.pyc', 'wb') as file:
        file.write(data)
`;

/**
 * Whether the package a snapshot imported is the one whose sources were just written beside it: else
 * its modules are forgotten, to be imported afresh. The last line is the answer.
 */
const SNAPSHOT_PACKAGE = `
import sys
package = sys.modules.get('pyelements')
kept = package is not None and getattr(package, '_built_from', None) == package._sources_stamp()
if package is not None and not kept:
    for name in [name for name in sys.modules if name == 'pyelements' or name.startswith('pyelements.')]:
        del sys.modules[name]
kept
`;

/**
 * Starting an interpreter and installing what the page asked for. Used by the page's interpreter
 * (page/load.ts) and by the worker (worker/python-worker.ts), so nothing here touches the DOM.
 */

const sizeOf = (name: keyof typeof checksums.files) => checksums.files[name].size;
/** The files whose size is known here, counted from the start; the standard library joins once asked for. */
const COUNTED_FILES = Object.keys(checksums.files).filter((name) => name !== STDLIB_FILES.source);
const INTERPRETER_BYTES = COUNTED_FILES.reduce((sum, name) => sum + sizeOf(name as keyof typeof checksums.files), 0);
const STDLIB_KINDS = Object.keys(STDLIB_FILES) as StdlibKind[];
/** Ours: each comes in two parts (stdlib-parts.ts). */
const OWN_KINDS = Object.keys(STDLIB_REST) as OwnStdlib[];
/** The start-up part fetched after a start from the prebuilt snapshot (1.5 MB) gets this long. */
const STARTUP_PART_DEADLINE_MS = 120_000;
/** A module import() has no progress to watch: it gets this long in all. */
const IMPORT_DEADLINE_MS = 120_000;

/**
 * Where the interpreter's memory came from instead of initialising Python: the snapshot this browser
 * made on an earlier visit ('cached', see snapshot.ts), the one shipped in wasm/ ('prebuilt'), or none.
 */
export type SnapshotSource = 'cached' | 'prebuilt' | false;

export interface Started {
  pyodide: PyodideAPI;
  fromSnapshot: SnapshotSource;
  /** The standard library it installed. */
  stdlib: StdlibKind;
  /** What this start downloaded and compiled, for the background snapshot worker (snapshot.ts). */
  handOver: HandOver;
  /** Loads the packages a run's code imports (and did `<py-config> packages`). */
  packages: PackageLoader;
  /**
   * Resolves once the installed zip is whole: at once, except after a start from the prebuilt
   * snapshot, which installed it without its start-up part and fetches that meanwhile.
   */
  stdlibWhole: Promise<void>;
}

/** The interpreter's compiled module and its lock file's text, where this start had them. */
export interface HandOver {
  module?: WebAssembly.Module;
  lock?: string;
}

/**
 * Downloads and starts Pyodide from `config.indexURL` (from the cached snapshot when there is one),
 * installs the `pyelements` module with `hooks`, then the packages and files. Only ever reached
 * through a run-time import(): pages that never need Python never download it.
 */
export async function startInterpreter(
  config: InterpreterConfig,
  hooks: PythonHooks,
  onProgress: (progress: Progress) => void,
  askedEarly?: EarlyDownloads,
): Promise<Started> {
  const { indexURL } = config;
  let loaded = 0;
  let total = INTERPRETER_BYTES;
  const report = () => onProgress({ loaded: Math.min(loaded, total), total });
  /** A download whose size was not in `total` began: its size joins it. */
  const grow = (size: number) => {
    total += size;
    report();
  };
  const advance = (bytes: number) => {
    loaded += bytes;
    report();
  };
  report();
  const unwatchedFetch = globalThis.fetch.bind(globalThis);
  const wheels = new Set(config.packages.filter((name) => name.endsWith('.whl')));
  const packageBase = packageSite(config);
  let packages: PackageLoader | undefined; // made once Pyodide has read the lock file
  const wasmURL = `${indexURL}pyodide.asm.wasm`;
  // Before the compile watch, which then sees its failures (early-compile.ts).
  const early = compileEarly(wasmURL);
  const sharing = shareSmallModules();
  const lockURL = `${indexURL}pyodide-lock.json`;
  let lock: Promise<string> | undefined;
  const watched = (url: string) =>
    url.startsWith(indexURL) || url.startsWith(packageBase) || wheels.has(url) || !!packages?.covers(url);
  /** Which standard library `url` is, if it is one. */
  const stdlibAt = (url: string) => STDLIB_KINDS.find((kind) => url === `${indexURL}${STDLIB_FILES[kind]}`);
  const answer = new Map<StdlibKind, (kind: StdlibKind | Promise<StdlibKind>) => void>();
  /**
   * Per zip, what the server answered a request of it with: that zip, or Pyodide's own where it has
   * not that one (fallBack below).
   */
  const answerTo = Object.fromEntries(
    STDLIB_KINDS.map((kind) => [kind, new Promise<StdlibKind>((resolve) => answer.set(kind, resolve))]),
  ) as Record<StdlibKind, Promise<StdlibKind>>;
  // The choices wait for a reading: a short one, enough to tell a link under a few Mbit/s from one
  // of tens, so that on a fast link nothing is held back (stdlib.ts).
  const meter = new LinkMeter(...QUICK_SAMPLE);
  /** Wire bytes of the link's sample arrived (now, or `at`). */
  const hear = (bytes: number, at?: number) => meter.received(bytes, at);
  const remembered = rememberedStdlib(indexURL);
  const rememberedURL = remembered && `${indexURL}${STDLIB_FILES[remembered]}`;
  const saveData = !!browserConnection()?.saveData;
  // A first visit where the prebuilt snapshot may serve asks for it at once, on the guess that the
  // link is fast, and not for the compiled zip's start-up part: the snapshot holds every module of
  // it, so Python, restored, reads none of it (wasm/snapshot.mjs); the zip is installed from the
  // snapshot's copy of its directory (zipFromTail) and made whole afterwards. Dropped where the link
  // reads slower than it pays for, or this browser has a snapshot of its own.
  const prebuiltFirst = !remembered && config.snapshot === true && prebuiltSnapshotFirst('Suspending' in WebAssembly);
  // Any other first start asks for the compiled zip at once, on the same guess, and drops it if the
  // link reads slow: waiting for the reading held it back 200-470 ms on fast links (the sample's bytes
  // are heard late while the page is busy starting), where every millisecond shows. On a slow link the
  // guess costs the bytes it got meanwhile, a few per cent of that start.
  const guessedURL = remembered || saveData || prebuiltFirst ? undefined : `${indexURL}${STDLIB_FILES.compiled}`;
  const guess = { size: 0, received: 0, dropped: false };
  // The wasm, asked for already where the page's bundle could (early-downloads.ts): adopted here.
  const asked = askedEarly?.indexURL === indexURL ? askedEarly : undefined;
  if (askedEarly && !asked) askedEarly.drop();
  const wasmAskedEarly = asked?.takeWasm();
  const restURL = (kind: OwnStdlib) => `${indexURL}${STDLIB_REST[kind].file}`;
  /** Per zip of ours, once its start-up part has come in whole (its rest is asked for then). */
  const startupPartIn: Partial<Record<StdlibKind, () => void>> = {};
  const startupPart = Object.fromEntries(
    OWN_KINDS.map((kind) => [kind, new Promise<void>((resolve) => (startupPartIn[kind] = resolve))]),
  ) as Record<OwnStdlib, Promise<void>>;
  /** Wire bytes per decoded byte of the metered downloads, from their Content-Length. */
  const wireRatio = new Map<string, number>();
  const watch = watchFetches(watched, {
    received(bytes, url) {
      // A dropped guess no longer counts as progress, but its bytes crossed the link: heard below.
      if (url !== guessedURL) advance(bytes);
      else if (!guess.dropped) {
        guess.received += bytes;
        advance(bytes);
      }
      const ratio = wireRatio.get(url);
      // The wasm asked for early is heard from its own timing (below), not from here.
      if (ratio && !(url === wasmURL && wasmAskedEarly)) hear(bytes * ratio);
    },
    answered(url, response) {
      early.answered(url, response);
      const kind = stdlibAt(url);
      if (kind) answer.get(kind)!(kind);
      const partIn = kind && startupPartIn[kind];
      if (partIn) void watch.downloaded(response).then(partIn);
      if (url === lockURL) {
        lock = response.clone().text();
        lock.catch(() => {}); // the download's failure is the watch's to report
      }
    },
    fellBack(url) {
      const kind = stdlibAt(url);
      if (kind) answer.get(kind)!(answerTo.source);
    },
    // Cut short, the big files fail late and obscurely: those whose size is known are checked.
    expectedSize: (url) =>
      url === wasmURL ? sizeOf('pyodide.asm.wasm') : stdlibAt(url) === 'source' ? sizeOf('python_stdlib.zip') : undefined,
    // The standard library and packages are not counted in advance: each one's size joins the total
    // when its download starts.
    started(url, size) {
      // The meter reads the big files. A compressed body without a Content-Length (compressed on the
      // fly) cannot be counted in wire bytes; the standard library is a zip (or xz), which hosts
      // send as it is.
      if (url === wasmURL) {
        const ratio = size ? Math.min(size / sizeOf('pyodide.asm.wasm'), 1) : 0;
        if (ratio) wireRatio.set(url, ratio);
        // Its bytes as they arrived, timed while this code was still on its way.
        if (ratio) wasmAskedEarly?.heard((bytes, at) => hear(bytes * ratio, at));
      } else if (stdlibAt(url)) wireRatio.set(url, 1);
      if (url === guessedURL) {
        if (guess.dropped) return;
        guess.size = size ?? 0;
      }
      if (size && !COUNTED_FILES.some((counted) => url === `${indexURL}${counted}`)) grow(size);
    },
  });
  const compile = watchWasmCompile(watch);
  const opened = prebuiltFirst ? openPrebuiltAtOnce() : undefined;
  /** The prebuilt snapshot, asked for at once, its download counted in the progress until dropped. */
  function openPrebuiltAtOnce(): Promise<PrebuiltSnapshot | undefined> {
    const counted = { size: 0, received: 0, dropped: false };
    const progress = {
      size: (bytes: number) => !counted.dropped && grow((counted.size = bytes)),
      received: (bytes: number) => {
        if (counted.dropped) return;
        counted.received += bytes;
        advance(bytes);
      },
    };
    // The page's own fetch, not the watched one: a missing prebuilt snapshot (a wasm/ folder copied
    // without it) only means starting the ordinary way.
    return openPrebuiltSnapshot(unwatchedFetch, `${indexURL}${PREBUILT_SNAPSHOT}`, 'download', progress).then(
      (prebuilt) =>
        prebuilt && {
          ...prebuilt,
          drop() {
            if (counted.dropped) return;
            counted.dropped = true;
            // Counted as far as it came: the progress neither waits for the rest nor goes back.
            total -= Math.max(0, counted.size - counted.received);
            report();
            prebuilt.drop();
          },
        },
    );
  }
  const dropPrebuilt = () => void opened?.then((prebuilt) => prebuilt?.drop());
  // The wasm at once, beside the modules Pyodide needs first: the link is busy from the start, the
  // wasm compiles as it arrives (early-compile.ts), and the meter reads the link from it. Pyodide's
  // own requests are answered with the responses asked for here.
  meter.start(asked?.startedAt);
  watch.prefetch(wasmURL, { asked: wasmAskedEarly });
  // A folder without our zips (a bare copy of Pyodide's files) gets Pyodide's own.
  for (const kind of ['compiled', 'compiled-xz'] as const) {
    watch.fallBack(`${indexURL}${STDLIB_FILES[kind]}`, `${indexURL}${STDLIB_FILES.source}`);
  }
  const own = config.snapshot && typeof caches !== 'undefined' ? findSnapshot(indexURL) : Promise.resolve(undefined);
  // The zip the last start installed is asked for at once, beside the wasm: on a revisit it is the one
  // its snapshot was made with, and waiting for the snapshot lookup (Cache Storage) would start it
  // once the main thread is busy instantiating, which then has to wait for it.
  if (rememberedURL) watch.prefetch(rememberedURL, { unpack: STDLIB_UNPACK[remembered] });
  if (guessedURL) watch.prefetch(guessedURL, { unpack: STDLIB_UNPACK.compiled });
  // The standard library: the one this browser's snapshot was made with, else the one the last start
  // installed (in the HTTP cache, likely), else the one the link pays for (stdlib.ts).
  const chosen = (async (): Promise<StdlibKind> => {
    const mine = await own;
    if (mine) return mine.stdlib;
    if (remembered) return remembered;
    const link = await meter.reading();
    const kind = stdlibFor(link, saveData);
    // For whoever wants to know why (DevTools' performance panel, the bench).
    performance.mark('py-elements: stdlib choice', { detail: { link, stdlib: kind } });
    return kind;
  })();
  /**
   * The prebuilt snapshot asked for at once, if this start keeps it: with the compiled zip, no
   * snapshot of this browser's, a link that pays for it (snapshot-policy.ts) and the zip's directory
   * in it; else dropped. With the zip a start from it installs: made from that directory, zeros in
   * the start-up part's place.
   */
  const fromPrebuilt = (async (): Promise<{ snapshot: PrebuiltSnapshot; zip: Uint8Array } | undefined> => {
    if (!opened) return undefined;
    const kept = (await chosen) === 'compiled' && !(await own) && prebuiltPays(await meter.reading());
    const snapshot = kept ? await opened : undefined;
    const zip = snapshot?.zipTail && zipFromTail(snapshot.zipTail);
    if (snapshot && zip) return { snapshot, zip };
    dropPrebuilt();
    return undefined;
  })();
  const prebuilt = fromPrebuilt.then((kept) => kept?.snapshot);
  /** Whether the start installs the zip made from the prebuilt snapshot's directory. */
  const zipFromSnapshot = fromPrebuilt.then((kept) => !!kept);
  const startupURL = (kind: StdlibKind) => `${indexURL}${STDLIB_FILES[kind]}`;
  const stdlibURL = chosen.then(async (kind) => {
    const url = startupURL(kind);
    if (guessedURL && url !== guessedURL) {
      watch.drop(guessedURL);
      // Counted as far as it came: the progress neither waits for the rest nor goes back.
      guess.dropped = true;
      total -= Math.max(0, guess.size - guess.received);
      report();
    }
    const kept = await fromPrebuilt;
    // Pyodide's request of it answered with that zip (no blob: URL, which a page's CSP may forbid).
    if (kept) watch.provide(url, new Response(kept.zip as BufferSource, { headers: { 'Content-Type': 'application/zip' } }));
    else if (url !== rememberedURL && url !== guessedURL) watch.prefetch(url, { unpack: STDLIB_UNPACK[kind] });
    return url;
  });
  /**
   * Which zip the server answered the chosen request with: that one, or Pyodide's own where it has not
   * that one (fallBack above). Not the first zip answered: the remembered one, asked for at once, is
   * not the chosen one where this browser's snapshot was made with another (and may be missing where
   * the chosen one is not).
   */
  const stdlib = chosen.then(async (kind) => ((await zipFromSnapshot) ? kind : answerTo[kind]));
  /** This browser's snapshot, if it was made with the zip the server answered with. */
  const cached = (async () => {
    const mine = await own;
    return mine && mine.stdlib === (await stdlib) ? mine : undefined;
  })();
  const snapshot = () =>
    chooseSnapshot(
      config,
      cached,
      stdlib,
      opened && prebuilt,
      () => meter.reading(),
      unwatchedFetch,
      { size: grow, received: advance },
      () => !failure,
    );
  // Both modules in parallel; Pyodide would otherwise fetch pyodide.asm.mjs only after its own start.
  const modules = bothOrFirstError(
    importModule<{ loadPyodide: typeof LoadPyodide; version: string }>(`${indexURL}pyodide.mjs`),
    // Its evaluation is a long task: an editor setting up goes first (internal/editors-first.ts).
    afterEditors().then(() => importModule<{ default: CreateModule }>(`${indexURL}pyodide.asm.mjs`)),
  );
  const modulesIn = modules.then(
    () => undefined,
    () => new Promise<never>(() => {}), // start() reports it
  );
  /**
   * A failed download fails the start, but start() may be past its last wait by then (the reading,
   * the choices): it must not go on to start Pyodide, which would download the wasm again and start
   * a Python without the watch's answers. It stops with that failure (the only way the start can end
   * while start() still runs).
   */
  let failure: { error: unknown } | undefined;
  for (const watching of [watch, compile]) watching.failed.catch((error: unknown) => (failure ??= { error }));
  const stillWanted = () => {
    if (failure) throw failure.error;
  };
  /**
   * Our zip's rest part (stdlib-parts.ts), asked for once. Python's start does not need it: on a
   * first visit it is asked for once the start-up part is in, so that it shares the link with
   * neither that nor most of the wasm; the zip remembered (in the HTTP cache, most likely), at once,
   * and dropped if another zip is chosen.
   */
  const restAsked = new Set<OwnStdlib>();
  const askRest = (kind: OwnStdlib) => {
    if (restAsked.has(kind) || failure) return;
    restAsked.add(kind);
    // Unpacked as read (xz.ts): a rest dropped unread holds no decoder.
    watch.prefetch(restURL(kind), { unpack: STDLIB_REST[kind].unpack });
  };
  if (remembered) askRest(remembered);
  // A start from the prebuilt snapshot needs it beside the wasm: asked for once the snapshot is kept
  // (the folder has it, so ours are there too). Not at once: where the snapshot is then dropped, the
  // rest shared the link with the wasm for nothing (20 Mbps: the wasm ~0.2 s later).
  else void prebuilt.then((kept) => kept && askRest('compiled'));
  /** The installed zip's rest part, read (and the xz one unpacked) as it arrives; none for Pyodide's. */
  const rest = stdlib.then(async (kind) => {
    for (const other of OWN_KINDS) if (other !== kind) watch.drop(restURL(other));
    if (kind === 'source') return undefined;
    if (!(await zipFromSnapshot)) await startupPart[kind];
    askRest(kind);
    if (failure) return undefined; // the start failed meanwhile: askRest asked for nothing
    const response = await fetch(restURL(kind)); // the watch's answer to askRest's request
    if (!response.ok) await watch.failed; // which says why
    return { bytes: new Uint8Array(await response.arrayBuffer()), url: restURL(kind) };
  });
  rest.catch(() => {}); // a failed download is the watch's to report
  try {
    const start = async (): Promise<Omit<Started, 'packages' | 'handOver' | 'stdlib' | 'stdlibWhole'>> => {
      const [loader, asm] = await modules;
      loaded += sizeOf('pyodide.mjs') + sizeOf('pyodide.asm.mjs');
      report();
      if (loader.version !== PYODIDE_VERSION) {
        throw new Error(
          `${indexURL}pyodide.mjs is Pyodide ${loader.version}, but py-elements needs ${PYODIDE_VERSION}. ` +
            'Serve the wasm/ folder that came with this build of py-elements.',
        );
      }
      // Pyodide keeps its options for the interpreter's lifetime: every function in them is made
      // outside this scope, which holds the downloads (the snapshot's bytes, the zip).
      const options = {
        indexURL,
        stdLibURL: await stdlibURL, // answered with Pyodide's own zip where there is none
        createPyodideModule: sparseModule(asm.default),
        // Unset, Pyodide takes the lock file's folder: the self-hosted wasm/ unless a lock-file is given.
        ...(config.lockFileURL ? { lockFileURL: config.lockFileURL } : {}),
        ...(config.packagesURL ? { packageBaseUrl: config.packagesURL } : {}),
        stdout: printLine,
        stderr: printErrorLine,
      };
      const saved = await snapshot();
      stillWanted(); // here, not in the try below: that is no snapshot's failure
      if (saved) {
        const bytes = handOnce(saved.bytes);
        // Pyodide reads the snapshot before it instantiates the module, for its length only (it sizes
        // the memory): where the length is known, it gets zeros of that length at once, and the bytes
        // are restored in their place once the module is ready, read meanwhile.
        const fromSaved = saved.length
          ? {
              _loadSnapshot: handOnce(Promise.resolve(new Uint8Array(saved.length))),
              createPyodideModule: sparseModule(asm.default, bytes),
            }
          : { _loadSnapshot: bytes };
        try {
          return { pyodide: await loader.loadPyodide({ ...options, ...fromSaved }), fromSnapshot: saved.kind };
        } catch (error) {
          // A snapshot this build cannot use: drop it (if it is ours to drop) and start the ordinary way.
          console.warn(`py-elements: the ${saved.kind} interpreter snapshot could not be used; starting afresh.`, error);
          if (saved.kind === 'cached') await forgetSnapshot(indexURL, await stdlib);
        }
      }
      stillWanted();
      // Without the snapshot that zip will not do: the ordinary start reads the start-up part.
      if (await zipFromSnapshot) watch.prefetch(options.stdLibURL, { unpack: STDLIB_UNPACK.compiled });
      return { pyodide: await loader.loadPyodide(options), fromSnapshot: false };
    };
    // A download's failure counts once the modules are in: where the whole folder is missing, their
    // import's error says more (it names the folder and asks whether it was deployed).
    const downloadFailed = modulesIn.then(() => watch.failed);
    const started = await Promise.race([start(), downloadFailed, compile.failed]);
    // Before any other Python runs: the rest of our zip, where Python's start left room.
    const restPart = await Promise.race([rest, downloadFailed]);
    if (restPart) fillRest(started.pyodide.FS, restPart.bytes, restPart.url);
    // A start from the zip made from the snapshot's tail: its start-up part, in the background.
    const stdlibWhole =
      started.fromSnapshot && (await zipFromSnapshot)
        ? fetchStartupPart(unwatchedFetch, startupURL('compiled')).then((part) =>
            fillStartup(started.pyodide.FS, part, startupURL('compiled')),
          )
        : Promise.resolve();
    stdlibWhole.catch((error: unknown) =>
      console.warn('py-elements: the standard library stays without its start-up part.', error),
    );
    // A snapshot holds the random module's state: without a new seed every visit draws the same numbers.
    if (started.fromSnapshot) started.pyodide.runPython('import random; random.seed()');
    const pythonPackage = installPythonModule(started.pyodide, hooks);
    const packageFailed = watch.failed.catch((error: unknown) => {
      throw new Error(`<py-config> packages could not be installed: ${errorMessage(error)}`);
    });
    packages = new PackageLoader(started.pyodide, config);
    await Promise.race([packages.install(config.packages), packageFailed]);
    await installFiles(started.pyodide, config.files);
    loaded = total;
    report();
    const handOver = { module: await early.module(), lock: await lock?.catch(() => undefined) };
    const installed = await stdlib;
    rememberStdlib(indexURL, installed);
    performance.mark('py-elements: interpreter started', {
      detail: { indexURL, fromSnapshot: started.fromSnapshot, stdlib: installed, pythonPackage },
    });
    return { ...started, stdlib: installed, handOver, packages, stdlibWhole };
  } finally {
    watch.stop();
    compile.stop();
    early.stop();
    sharing.stop();
  }
}

type CreateModule = NonNullable<NonNullable<Parameters<typeof LoadPyodide>[0]>['createPyodideModule']>;

/**
 * Pyodide's module, whose snapshot restore leaves zero pages alone (sparse-restore.ts); `arriving`:
 * the snapshot's bytes, restored once the module is ready. Made here, not in startInterpreter: a
 * closure made there would keep that whole scope alive with Pyodide's options (measured: the
 * prebuilt snapshot's 8.5 MB and a second copy of the 3.1 MB zip, after garbage collection).
 */
function sparseModule(create: CreateModule, arriving?: PromiseLike<Uint8Array>): CreateModule {
  return (settings) => create(settings).then((module) => restoreSparsely(module, arriving));
}

const printLine = (line: string) => console.log(line);
const printErrorLine = (line: string) => console.error(line);

/** The compiled zip's start-up part, for a zip installed without it (fillStartup). */
async function fetchStartupPart(fetch: typeof globalThis.fetch, url: string): Promise<Uint8Array> {
  // In the background, but a wait all the same: the background snapshot waits for it.
  const response = await fetch(url, { signal: AbortSignal.timeout(STARTUP_PART_DEADLINE_MS) });
  if (!response.ok) throw new Error(`Could not download ${url}: the server answered ${statusLine(response)}`);
  return new Uint8Array(await response.arrayBuffer());
}

/**
 * A thenable that hands over its value once and then lets go of it. Pyodide keeps its options for
 * the interpreter's lifetime: a promise there would keep the 31 MB snapshot it restored from alive
 * with them (measured: the renderer stayed ~55 MB above bare Pyodide's after garbage collection).
 */
function handOnce<T>(value: Promise<T>): PromiseLike<T> {
  let held: Promise<T> | undefined = value;
  return {
    then(onFulfilled, onRejected) {
      const taken = held ?? Promise.reject(new Error('the snapshot was handed over already'));
      held = undefined;
      return taken.then(onFulfilled, onRejected);
    },
  };
}

/** Like Promise.all for two, but when both fail it reports the first one's error, whichever failed first. */
async function bothOrFirstError<A, B>(a: Promise<A>, b: Promise<B>): Promise<[A, B]> {
  const [first, second] = await Promise.allSettled([a, b]);
  if (first.status === 'rejected') throw first.reason;
  if (second.status === 'rejected') throw second.reason;
  return [first.value, second.value];
}

async function importModule<T>(url: string): Promise<T> {
  const loading = import(/* @vite-ignore */ url) as Promise<T>;
  try {
    return await deadline(
      loading,
      () => `Could not load the Python interpreter from ${url}: it did not arrive in ${IMPORT_DEADLINE_MS / 1000} s`,
      IMPORT_DEADLINE_MS,
    );
  } catch (error) {
    if (isDeadline(error)) throw error;
    throw new Error(`Could not load the Python interpreter from ${url}: ${await diagnose(url, error)}`);
  }
}

/** A failed import() says little ("Failed to fetch dynamically imported module"); ask the server why. */
async function diagnose(url: string, error: unknown): Promise<string> {
  try {
    const response = await fetch(url, { method: 'HEAD' });
    if (!response.ok) {
      return `the server answered ${statusLine(response)}. Is the wasm/ folder deployed next to py-elements.js, or does data-index-url point at it?`;
    }
  } catch {
    return 'the server could not be reached.';
  }
  return errorMessage(error);
}

/** Copies `<py-config>` files into the interpreter's file system (relative paths under /home/pyodide). */
async function installFiles(pyodide: PyodideAPI, files: Record<string, string>): Promise<void> {
  await Promise.all(
    Object.entries(files).map(async ([url, path]) => {
      const response = await fetchOrExplain(url, '<py-config> files');
      const target = path.startsWith('/') ? path : `/home/pyodide/${path}`;
      pyodide.FS.mkdirTree(target.slice(0, target.lastIndexOf('/')) || '/');
      pyodide.FS.writeFile(target, new Uint8Array(await response.arrayBuffer()));
    }),
  );
}

/**
 * Our package, installed: from the snapshot, which imported it (wasm/snapshot.mjs, snapshot.ts), where
 * its sources are these; else imported. Its sources are written either way (tracebacks and `inspect` read
 * them; the snapshot holds no files).
 */
function installPythonModule(pyodide: PyodideAPI, hooks: PythonHooks): 'snapshot' | 'imported' {
  const dir = PACKAGE_FOLDER;
  pyodide.FS.mkdirTree(`${dir}/pyelements`);
  const modules: string[] = [];
  for (const [file, source] of Object.entries(PYTHON_PACKAGE)) {
    pyodide.FS.writeFile(`${dir}/pyelements/${file}`, source);
    modules.push(file.slice(0, -'.py'.length));
  }
  const scope = pyodide.toPy({ names: modules, folder: dir, cache: `${dir}/pyelements/__pycache__` });
  let from: 'snapshot' | 'imported';
  try {
    from = pyodide.runPython(SNAPSHOT_PACKAGE, { globals: scope }) ? 'snapshot' : 'imported';
    if (from === 'imported') pyodide.runPython(COPY_BYTECODE, { globals: scope });
  } finally {
    scope.destroy();
  }
  const module = pyodide.pyimport('pyelements') as unknown as { _install(hooks: PythonHooks): void; __version__: string };
  module.__version__ = version;
  module._install(hooks);
  return from;
}
