/** What `navigator.connection` tells (Chromium; Firefox and Safari have none). */
export interface ConnectionHints {
  saveData?: boolean;
  effectiveType?: string;
  /** Estimated bandwidth in Mbit/s; Chromium reports at most 10. */
  downlink?: number;
}

/**
 * Below this estimated bandwidth (Mbit/s) the prebuilt snapshot is not downloaded. It adds ~5.9 MB
 * that does not compress, to save ~2-3 s of Python's start-up: measured with brotli and CDP network
 * profiles (`npm run bench`, (l)), it wins at 100 Mbps and up, is level at 20, and loses at 5 (1.5x
 * bare Pyodide) and 1.6 (1.8x). Chromium caps `downlink` at 10, so 10 is also the highest threshold
 * it can express.
 */
export const SNAPSHOT_MIN_MBPS = 10;

/**
 * Whether the prebuilt snapshot is worth its download: not on Save-Data, a 3G-or-slower effective
 * type, or an estimated bandwidth under SNAPSHOT_MIN_MBPS (as far as the browser tells). Without JSPI
 * (`hasJSPI`) a browser could not use it at all: it was made in Chromium with JSPI.
 */
export function snapshotWorthDownloading(hasJSPI: boolean, connection?: ConnectionHints): boolean {
  if (!hasJSPI || connection?.saveData) return false;
  if (['slow-2g', '2g', '3g'].includes(connection?.effectiveType ?? '4g')) return false;
  const downlink = connection?.downlink;
  return !(typeof downlink === 'number' && downlink > 0 && downlink < SNAPSHOT_MIN_MBPS);
}
