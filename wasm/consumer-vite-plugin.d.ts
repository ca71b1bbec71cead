import type { Plugin } from 'vite';
/** Serves (dev) and emits (build) py-elements' interpreter files next to the bundled library. */
export default function pyElements(): Plugin;
export { pyElements };
