import { errorMessage } from '../../internal/error-message.js';

/** The first six bytes of every .xz file. */
const XZ_MAGIC = [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00];

/**
 * `response`'s body unpacked from xz as it arrives (the compiled standard library for slow links,
 * stdlib.ts): on a slow link the decoding keeps pace with the download instead of following it. The
 * decoder (xz-decompress, ~20 KB) is a chunk of its own, asked for only by a start that chose an xz
 * file, beside that file. A body that is not xz (a host's HTML page answered in its place) or that
 * does not decode is `failed` with the file's URL and what was wrong; the Response errs with the same.
 */
export async function unxz(response: Response, url: string, failed: (error: Error) => void): Promise<Response> {
  const fail = (why: string) => {
    const error = new Error(`Could not unpack ${url}: ${why}`);
    failed(error);
    return error;
  };
  const decoder = import('xz-decompress');
  const source = response.body!.getReader();
  let head: Uint8Array = new Uint8Array(0);
  while (head.length < XZ_MAGIC.length) {
    const { done, value } = await source.read();
    if (done) break;
    head = joined(head, value);
  }
  if (!XZ_MAGIC.every((byte, i) => head[i] === byte)) {
    while (head.length < 40) {
      const { done, value } = await source.read(); // enough of it to say what it is
      if (done) break;
      head = joined(head, value);
    }
    source.cancel().catch(() => {});
    const start = new TextDecoder().decode(head.subarray(0, 40)).replace(/\s+/g, ' ');
    throw fail(`it is not xz data (it starts with ${JSON.stringify(start)}): is the file on the server the one the build made?`);
  }
  const compressed = new ReadableStream<Uint8Array>({
    start: (controller) => controller.enqueue(head),
    async pull(controller) {
      const { done, value } = await source.read();
      if (done) controller.close();
      else controller.enqueue(value);
    },
    cancel: (reason) => source.cancel(reason),
  });
  const { XzReadableStream } = await decoder;
  // Begun at the first read, not now: xz-decompress decodes one stream at a time and holds its decoder
  // from a stream's start to its end, so a stream begun and never read (a download dropped, a part
  // read later) would hold up every other.
  let unpacked: ReadableStreamDefaultReader<Uint8Array> | undefined;
  let ended = false;
  const end = () => {
    if (unpacked && !ended) decoderDone(XzReadableStream);
    ended = true;
  };
  return new Response(
    new ReadableStream<Uint8Array>(
      {
        async pull(controller) {
          try {
            if (!unpacked) {
              decoding++;
              unpacked = new XzReadableStream(compressed).getReader();
            }
            const { done, value } = await unpacked.read();
            if (done) {
              end();
              controller.close();
            } else controller.enqueue(value);
          } catch (error) {
            end();
            controller.error(fail(`its bytes do not decode (${errorMessage(error)})`));
          }
        },
        cancel: (reason) => {
          const cancelled = (unpacked ?? compressed).cancel(reason);
          end();
          return cancelled;
        },
      },
      { highWaterMark: 0 }, // no read before the reader's first
    ),
  );
}

/** How many of our xz streams have begun decoding and not ended. */
let decoding = 0;

/**
 * One stream ended. xz-decompress keeps its decoder (a wasm instance whose memory has grown to ~8 MB
 * once it has unpacked our zip) in static fields for the page's lifetime; with no stream of ours
 * decoding, those are let go (a stream being read holds its own), and the next unpacking, if any,
 * makes a new one (~20 KB of wasm). No stream is starting then, so none reads the fields half-cleared.
 */
function decoderDone(streams: object): void {
  if (--decoding > 0) return;
  const fields = streams as { _moduleInstance?: unknown; _moduleInstancePromise?: unknown };
  if (!('_moduleInstance' in fields)) return; // another version of the library: nothing known to clear
  fields._moduleInstance = undefined;
  fields._moduleInstancePromise = undefined;
}

function joined(a: Uint8Array, b: Uint8Array): Uint8Array {
  const both = new Uint8Array(a.length + b.length);
  both.set(a);
  both.set(b, a.length);
  return both;
}
