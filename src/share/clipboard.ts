/**
 * Writes text to the clipboard; false where the browser does not allow it (no permission, no focus).
 * Given a promise, the write starts now, inside the click that asked for it (Safari allows writes
 * only there), and the text follows when it is ready.
 */
export async function copyText(text: string | Promise<string>): Promise<boolean> {
  try {
    if (typeof ClipboardItem === 'function' && navigator.clipboard.write) {
      const blob = Promise.resolve(text).then((value) => new Blob([value], { type: 'text/plain' }));
      await navigator.clipboard.write([new ClipboardItem({ 'text/plain': blob })]);
      return true;
    }
  } catch {
    // refused, or this form not supported: try the plain one
  }
  try {
    await navigator.clipboard.writeText(await text);
    return true;
  } catch {
    return false;
  }
}

/** A read-only field's focus handler: all of its text selected, ready to copy. */
export const selectAll = (event: FocusEvent) => (event.target as HTMLInputElement).select();
