/**
 * A REPL's code in a link (the fragment's form: fragment.ts): compressed with deflate and
 * base64url-encoded. Loaded only when a reader shares or opens a link.
 */

import { CODE, TARGET } from './fragment.js';

/**
 * Longest fragment data made, in characters. Browsers take far more, but chat apps, mail clients and
 * QR codes cut long links; past this the reader is told to copy the code or download it instead.
 */
export const MAX_LINK_DATA = 32_000;
/** Largest code read from a link: a small link must not inflate into a page-freezing text. */
export const MAX_SHARED_CODE = 1_000_000;

/** Why a link could not be made or read; the element words it in the reader's language. */
export type ShareProblem = 'too-long' | 'damaged' | 'too-large';

export class ShareError extends Error {
  override name = 'ShareError';
  readonly problem: ShareProblem;
  /** The size that was too much (characters), for too-long and too-large. */
  readonly size?: number;
  constructor(problem: ShareProblem, message: string, size?: number) {
    super(message);
    this.problem = problem;
    this.size = size;
  }
}

/** The link to this page that opens `code` in the REPL named `name`. */
export async function shareLink(name: string, code: string, page: string = location.href): Promise<string> {
  const data = await compress(code);
  if (data.length > MAX_LINK_DATA) {
    throw new ShareError(
      'too-long',
      `This code is too long for a link (${data.length} characters compressed; at most ${MAX_LINK_DATA}): copy it or download it instead.`,
      data.length,
    );
  }
  const url = new URL(page);
  // Parameters in the fragment are kept; a plain anchor (#section-2) is not: the link goes to the REPL.
  const params = new URLSearchParams(
    url.hash
      .slice(1)
      .split('&')
      .filter((part) => part.includes('='))
      .join('&'),
  );
  params.set(TARGET, name);
  params.set(CODE, data);
  url.hash = params.toString();
  return url.href;
}

/** The code in a link's data; a ShareError says why it cannot be read (cut off, mangled, too big). */
export async function readSharedCode(data: string): Promise<string> {
  // Bounded before it is decoded: a link longer than any we make is not ours to inflate.
  if (data.length > 2 * MAX_LINK_DATA) {
    throw new ShareError(
      'too-large',
      `The code in this link is larger than a share link holds (${data.length} characters).`,
      data.length,
    );
  }
  let bytes: Uint8Array;
  try {
    bytes = fromBase64Url(data);
  } catch {
    throw new ShareError('damaged', DAMAGED);
  }
  try {
    return await inflate(bytes);
  } catch (error) {
    if (error instanceof ShareError) throw error;
    throw new ShareError('damaged', DAMAGED);
  }
}

const DAMAGED = 'The code in this link is damaged: was the link cut off?';

async function compress(code: string): Promise<string> {
  const stream = new Blob([code]).stream().pipeThrough(new CompressionStream('deflate-raw'));
  return toBase64Url(new Uint8Array(await new Response(stream).arrayBuffer()));
}

async function inflate(bytes: Uint8Array): Promise<string> {
  const reader = new Blob([bytes as BlobPart])
    .stream()
    .pipeThrough(new DecompressionStream('deflate-raw'))
    .pipeThrough(new TextDecoderStream('utf-8', { fatal: true }))
    .getReader();
  let text = '';
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return text;
    text += value;
    if (text.length > MAX_SHARED_CODE) {
      void reader.cancel();
      throw new ShareError(
        'too-large',
        `The code in this link is larger than ${MAX_SHARED_CODE} characters, so it is not opened.`,
        text.length,
      );
    }
  }
}

function toBase64Url(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '');
}

function fromBase64Url(text: string): Uint8Array {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) throw new Error('not base64url');
  const binary = atob(text.replaceAll('-', '+').replaceAll('_', '/'));
  return Uint8Array.from(binary, (c) => c.charCodeAt(0));
}
