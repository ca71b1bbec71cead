import type { PyodideAPI } from 'pyodide';
import { closest } from '../../internal/closest.js';
import { errorMessage } from '../../internal/error-message.js';
import type { InterpreterConfig } from '../contract.js';
import { PYODIDE_DISTRIBUTION } from '../version.js';
import { requestURL, watchFetches } from './fetch-watch.js';

/**
 * Python packages: `<py-config> packages` at start-up, and the lock-file packages a run's code imports,
 * loaded before the code runs. Used by the page's interpreter and by the worker (no DOM here).
 *
 * Where the files come from: the site's own folder first (the lock file's, or `packages-url`), as
 * Pyodide asks for them. A file the site does not have (404) comes from Pyodide's distribution of
 * exactly this version (PYODIDE_DISTRIBUTION), unless the author chose where package files are
 * (`packages-url`, `lock-file`: the distribution has only the interpreter's own lock file's files) or
 * switched it off (`packages-cdn = false`). Either way Pyodide fetches with the lock file's sha256 as
 * `integrity`, so the browser refuses bytes that are not the ones the lock file names.
 */
export class PackageLoader {
  readonly #pyodide: PyodideAPI;
  readonly #site: string;
  readonly #distribution: string | undefined;
  readonly #switchedOff: boolean;
  /** Lock-file file names (relative to the site's folder) → package name, for the requests we reroute. */
  readonly #files = new Map<string, string>();
  /** Whether the site has a file, asked once per file (HEAD). */
  readonly #onSite = new Map<string, Promise<number>>();

  constructor(pyodide: PyodideAPI, config: InterpreterConfig) {
    this.#pyodide = pyodide;
    this.#site = packageSite(config);
    const ownLock = !config.packagesURL && !config.lockFileURL;
    this.#distribution = ownLock && config.packagesCDN ? PYODIDE_DISTRIBUTION : undefined;
    this.#switchedOff = ownLock && !config.packagesCDN;
    for (const entry of Object.values(pyodide.lockfile.packages)) {
      if (!/^[a-z]+:/i.test(entry.file_name)) this.#files.set(entry.file_name, entry.name);
    }
  }

  /** Whether `url` is one of the requests this loader may send elsewhere or download (for fetch-watch). */
  covers(url: string): boolean {
    return url.startsWith(this.#site) || (this.#distribution !== undefined && url.startsWith(this.#distribution));
  }

  /** `<py-config> packages` (names checked against the lock file first, with a suggestion), at start-up. */
  async install(names: string[]): Promise<void> {
    if (names.length === 0) return;
    const known = Object.keys(this.#pyodide.lockfile.packages);
    const normalise = (name: string) => name.toLowerCase().replace(/[-_.]+/g, '-');
    for (const name of names) {
      if (name.endsWith('.whl')) continue;
      const requested = normalise(name);
      if (!known.some((candidate) => normalise(candidate) === requested)) {
        const hint = closest(name, known);
        throw new Error(
          `<py-config> packages: there is no package "${name}" in the lock file${hint ? `; did you mean "${hint}"?` : '.'}`,
        );
      }
    }
    const errors = await this.#load((options) => this.#pyodide.loadPackage(names, options));
    if (errors.length) throw new Error(`<py-config> packages could not be installed: ${errors.join('; ')}`);
  }

  /**
   * Loads the lock-file packages `code` imports (`import numpy`, `from matplotlib import pyplot`) that
   * are not loaded yet, with what they depend on; `onStatus` hears how far the downloads are
   * (`numpy 3.1 / 7.4 MB`), then undefined. Resolves to why one could not be loaded, if so.
   */
  async forCode(code: string, onStatus: (status: string | undefined) => void = () => {}): Promise<string | undefined> {
    // Pyodide reads the imports from the code's syntax tree and knows which packages are loaded; the
    // check is cheap, but a failed download must not take the whole run's time: watch it.
    const downloads = new Map<string, { name: string; size: number; loaded: number }>();
    const tell = () => onStatus(downloadStatus([...downloads.values()]));
    const watch = watchFetches((url) => this.covers(url), {
      requested: (url) => {
        const file = url.slice(url.lastIndexOf('/') + 1);
        downloads.set(url, { name: this.#files.get(file) ?? file, size: 0, loaded: 0 });
        tell();
      },
      started: (url, size) => {
        const download = downloads.get(url);
        if (download) download.size = size ?? 0;
        tell();
      },
      received: (bytes, url) => {
        const download = downloads.get(url);
        if (download) download.loaded += bytes;
        tell();
      },
    });
    try {
      const errors = await Promise.race([
        this.#load((options) => this.#pyodide.loadPackagesFromImports(code, options)),
        watch.failed,
      ]);
      return errors.length ? this.#failure(errors.join('; ')) : undefined;
    } catch (error) {
      return this.#failure(errorMessage(error));
    } finally {
      watch.stop();
      if (downloads.size) onStatus(undefined);
    }
  }

  /** The error of a failed load, naming the package whose file it mentions. */
  #failure(why: string): string {
    const name = [...this.#files].find(([file]) => why.includes(file))?.[1];
    return `${name ? `The Python package ${name}` : 'A Python package'} could not be loaded: ${why}`;
  }

  /** Runs one of Pyodide's package loads with the requests routed; resolves to its error messages. */
  async #load(
    load: (options: { messageCallback: (message: string) => void; errorCallback: (message: string) => void }) => Promise<unknown>,
  ): Promise<string[]> {
    const errors: string[] = [];
    const stop = this.#route();
    try {
      await load({ messageCallback: () => {}, errorCallback: (message) => errors.push(message) });
    } catch (error) {
      errors.push(errorMessage(error));
    } finally {
      stop();
    }
    return errors;
  }

  /**
   * Wraps `fetch` while Pyodide loads packages: a lock-file package file the site does not have is
   * fetched from the distribution instead (same `integrity`), or, where that is off, fails saying why.
   * Other requests pass through untouched; the wrapper removes itself unless page code wrapped fetch
   * since.
   */
  #route(): () => void {
    const original = globalThis.fetch;
    const wrapper: typeof fetch = async (input, init) => {
      const url = requestURL(input);
      const file = url.startsWith(this.#site) ? url.slice(this.#site.length) : undefined;
      const name = file === undefined ? undefined : this.#files.get(file);
      if (file === undefined || name === undefined || (!this.#distribution && !this.#switchedOff)) return original(input, init);
      const status = await this.#siteStatus(original, url);
      if (status !== 404 && status !== 410) return original(input, init);
      if (this.#distribution) return original(`${this.#distribution}${file}`, init);
      throw new Error(
        `${name} is not on this site (${url} answered ${status}), and <py-config> packages-cdn = false allows ` +
          `no download from Pyodide's distribution. Put ${file} next to the interpreter (npx py-elements vendor ${name}; ` +
          'see docs/packages.md).',
      );
    };
    globalThis.fetch = wrapper;
    return () => {
      if (globalThis.fetch === wrapper) globalThis.fetch = original;
    };
  }

  /** The site's answer to a HEAD request for `url` (0: no answer); asked once per file. */
  #siteStatus(fetch: typeof globalThis.fetch, url: string): Promise<number> {
    let status = this.#onSite.get(url);
    if (!status) {
      status = fetch(url, { method: 'HEAD' }).then(
        (response) => response.status,
        () => 0,
      );
      this.#onSite.set(url, status);
    }
    return status;
  }
}

/** The site's folder for package files: `packages-url`, else the lock file's folder (the interpreter's by default). */
export function packageSite(config: InterpreterConfig): string {
  return config.packagesURL ?? (config.lockFileURL ? new URL('.', config.lockFileURL).href : config.indexURL);
}

/** `numpy 3.1 / 7.4 MB`, or `numpy, scipy 3.1 / 40.2 MB` while several download; just the names until a size is known. */
function downloadStatus(downloads: { name: string; size: number; loaded: number }[]): string {
  const names = downloads.map((download) => download.name).join(', ');
  const loaded = downloads.reduce((sum, download) => sum + download.loaded, 0);
  const size = downloads.reduce((sum, download) => sum + Math.max(download.size, download.loaded), 0);
  if (size === 0) return names;
  if (size < 1_000_000) return `${names} ${Math.ceil(loaded / 1000)} / ${Math.ceil(size / 1000)} kB`;
  return `${names} ${(loaded / 1_000_000).toFixed(1)} / ${(size / 1_000_000).toFixed(1)} MB`;
}
