import { expect } from '../../test/browser/helpers.js';
import { sharedTarget } from './fragment.js';
import { MAX_LINK_DATA, MAX_SHARED_CODE, ShareError, readSharedCode, shareLink } from './share-link.js';

async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a rejection');
}

async function deflated(text: string): Promise<string> {
  const stream = new Blob([text]).stream().pipeThrough(new CompressionStream('deflate-raw'));
  const bytes = new Uint8Array(await new Response(stream).arrayBuffer());
  return btoa(String.fromCharCode(...bytes))
    .replaceAll('+', '-')
    .replaceAll('/', '_')
    .replace(/=+$/, '');
}

describe('share links', () => {
  const code = 'name = input("Name? ")\nprint(f"안녕, {name}! ✓")\nfor i in range(3):\n    print(i * "<&>")\n';

  it('round-trip code (any Unicode) through the fragment, which never reaches a server', async () => {
    const link = await shareLink('ex1', code, 'https://blog.example/post/?utm=x#lang=ko&intro');
    const url = new URL(link);
    expect(url.origin + url.pathname + url.search).to.equal('https://blog.example/post/?utm=x');
    const target = sharedTarget(url.hash)!;
    expect(target.name).to.equal('ex1');
    expect(await readSharedCode(target.data)).to.equal(code);
    const params = new URLSearchParams(url.hash.slice(1));
    expect(params.get('lang'), "the fragment's own parameters are kept").to.equal('ko');
    expect(params.has('intro'), 'a plain anchor is not: the link leads to the REPL').to.equal(false);
  });

  it('are short for ordinary code: the data is compressed', async () => {
    const long = 'print("hello, world")\n'.repeat(200);
    const data = sharedTarget(new URL(await shareLink('0', long, 'https://x.test/')).hash)!.data;
    expect(data.length).to.be.lessThan(long.length / 20);
  });

  it('a fragment without shared code is not read as one', () => {
    expect(sharedTarget('')).to.equal(undefined);
    expect(sharedTarget('#section-2')).to.equal(undefined);
    expect(sharedTarget('#py-code=')).to.equal(undefined);
    expect(sharedTarget('#py-code=abc')).to.deep.equal({ name: '0', data: 'abc' });
  });

  it('code too long for a link is refused with the reason and what to do instead', async () => {
    const noise = Array.from({ length: MAX_LINK_DATA }, (_, i) => String.fromCharCode(0x4e00 + ((i * 7919) % 20000))).join('');
    const error = await rejection(shareLink('0', noise, 'https://x.test/'));
    expect(error).to.be.instanceOf(ShareError);
    expect((error as ShareError).problem).to.equal('too-long');
    expect(error.message).to.contain('too long for a link').and.contain('copy it or download it');
  });

  it('a damaged link says so instead of opening garbage', async () => {
    const good = await deflated('print(1)');
    for (const data of ['!!not base64!!', good.slice(0, 3), 'AAAA', good + 'x']) {
      const error = await rejection(readSharedCode(data));
      expect(error, data).to.be.instanceOf(ShareError);
      expect((error as ShareError).problem, data).to.equal('damaged');
    }
    // Not UTF-8 after inflating: damaged too, not mojibake in the editor.
    const stream = new Blob([new Uint8Array([0xff, 0xfe, 0x80])]).stream().pipeThrough(new CompressionStream('deflate-raw'));
    const bytes = new Uint8Array(await new Response(stream).arrayBuffer());
    const latin = btoa(String.fromCharCode(...bytes))
      .replaceAll('+', '-')
      .replaceAll('/', '_');
    expect(((await rejection(readSharedCode(latin))) as ShareError).problem).to.equal('damaged');
  });

  it('a small link that inflates into a huge text is not opened', async () => {
    const bomb = await deflated('#'.repeat(MAX_SHARED_CODE * 2));
    expect(bomb.length).to.be.lessThan(10_000);
    const error = await rejection(readSharedCode(bomb));
    expect(error).to.be.instanceOf(ShareError);
    expect((error as ShareError).problem).to.equal('too-large');
  });
});
