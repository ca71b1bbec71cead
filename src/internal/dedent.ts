/**
 * Normalises code written inside HTML: CRLF to LF, leading and trailing blank lines dropped, and the
 * indentation common to every non-blank line removed. Line 1 of the result is the first line of code,
 * which is what tracebacks count from.
 */
export function dedent(text: string): string {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  while (lines.length && !lines[0].trim()) lines.shift();
  while (lines.length && !lines[lines.length - 1].trim()) lines.pop();
  const indents = lines.filter((line) => line.trim()).map((line) => /^[ \t]*/.exec(line)![0]);
  const common = indents.reduce<string | undefined>((prefix, indent) => {
    if (prefix === undefined) return indent;
    let i = 0;
    while (i < prefix.length && prefix[i] === indent[i]) i++;
    return prefix.slice(0, i);
  }, undefined);
  const cut = common?.length ?? 0;
  return lines.map((line) => (line.trim() ? line.slice(cut) : '')).join('\n');
}
