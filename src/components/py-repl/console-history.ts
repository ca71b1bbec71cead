/**
 * A console's input history, as a shell keeps it: Up and Down walk the entries, and walking past the
 * newest brings back what was being typed (the draft). No DOM: the REPL puts the text in its editor.
 */
export class ConsoleHistory {
  readonly #entries: string[] = [];
  /** Which entry is shown; `#entries.length` is the draft. */
  #index = 0;
  #draft = '';

  /** A run: the input joins the history (blank input does not) and the walk starts again from the end. */
  push(input: string): void {
    if (input.trim()) this.#entries.push(input);
    this.#index = this.#entries.length;
    this.#draft = '';
  }

  /** The text to show one step back (-1) or forward (1) from `current`; undefined at either end. */
  step(direction: -1 | 1, current: string): string | undefined {
    const next = this.#index + direction;
    if (this.#entries.length === 0 || next < 0 || next > this.#entries.length) return undefined;
    if (this.#index === this.#entries.length) this.#draft = current;
    this.#index = next;
    return next === this.#entries.length ? this.#draft : this.#entries[next];
  }
}
