/** The prebuilt snapshot packed against the memory a restore begins with (pack-against.mjs). */
export function packAgainst(snapshot: Uint8Array, memory: Uint8Array, zipTail?: Uint8Array): Uint8Array;
