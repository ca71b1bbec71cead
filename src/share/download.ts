/** Hands `text` to the browser as a file download named `filename`. */
export function download(filename: string, text: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  // Revoked once the browser has started the download (it reads the URL on the click's task).
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** A file name from a page title: letters of any script, digits, dashes; `fallback` if none. */
export function fileStem(title: string, fallback = 'python'): string {
  const stem = title
    .normalize('NFC')
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '');
  return Array.from(stem).slice(0, 80).join('') || fallback; // by characters, never half of one
}
