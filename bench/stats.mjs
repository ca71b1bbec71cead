// Small statistics and formatting helpers for the benchmark report.

/** { median, min, max, n } of the finite numbers in `values`, or null when there are none. */
export function summarize(values) {
  const xs = values.filter((x) => typeof x === 'number' && Number.isFinite(x)).sort((a, b) => a - b);
  if (xs.length === 0) return null;
  const mid = xs.length >> 1;
  const median = xs.length % 2 ? xs[mid] : (xs[mid - 1] + xs[mid]) / 2;
  return { median, min: xs[0], max: xs.at(-1), n: xs.length };
}

export const MB = 1024 * 1024;
export const KB = 1024;

/** Formats a summary as `median [min–max]` after dividing by `scale`, with `digits` decimals. */
export function fmt(summary, { scale = 1, digits = 0 } = {}) {
  if (!summary) return '—';
  const f = (x) => (x / scale).toFixed(digits);
  if (summary.n === 1 || summary.min === summary.max) return f(summary.median);
  return `${f(summary.median)} [${f(summary.min)}–${f(summary.max)}]`;
}

/** ours / other, as `0.83×`, or — when either side is missing or zero. */
export function ratio(ours, other) {
  if (!ours || !other || !other.median) return '—';
  return `${(ours.median / other.median).toFixed(2)}×`;
}

/** A GitHub-flavoured markdown table. */
export function table(header, rows) {
  const line = (cells) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}
