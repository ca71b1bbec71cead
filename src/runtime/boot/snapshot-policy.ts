/** What `navigator.connection` tells (Chromium; Firefox and Safari have none). */
export interface ConnectionHints {
  saveData?: boolean;
  effectiveType?: string;
}

const browserConnection = () => (navigator as { connection?: ConnectionHints }).connection;

/**
 * Whether the prebuilt snapshot is worth its download (~5.9 MB that does not compress, to save ~2-3 s
 * of Python's start-up): not on Save-Data or a 3G-or-slower effective type. Without JSPI (`hasJSPI`)
 * a browser could not use it at all: it was made in Chromium with JSPI.
 *
 * Not from `downlink`: the bench's network measure (l) shows the snapshot losing below ~20 Mbit/s,
 * and under emulation Chromium's `downlink` follows the link, but with no emulation headless Chromium
 * reports 1.4 Mbit/s (and rtt 100) on loopback: an estimate without a measurement, which would turn
 * the snapshot off where it wins most. A rate measured on the interpreter's own first bytes is the
 * better signal (#15).
 */
export function snapshotWorthDownloading(hasJSPI: boolean, connection = browserConnection()): boolean {
  return hasJSPI && backgroundSnapshotWanted(connection);
}

/**
 * Whether to make this browser's own snapshot in a background worker after start-up. The worker
 * starts a second interpreter (CPU, and the interpreter's files again where the host does not let
 * them be cached): not for a reader who asked to save data, nor on a 3G-or-slower connection,
 * which is most likely metered.
 */
export function backgroundSnapshotWanted(connection = browserConnection()): boolean {
  if (connection?.saveData) return false;
  return !['slow-2g', '2g', '3g'].includes(connection?.effectiveType ?? '4g');
}
