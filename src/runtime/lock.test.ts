import { expect } from '../../test/browser/helpers.js';
import { AsyncLock } from './lock.js';

describe('AsyncLock', () => {
  it('grants turns in the order they were asked for, one at a time', async () => {
    const lock = new AsyncLock();
    const log: string[] = [];
    const job = async (name: string, ms: number) => {
      const release = await lock.acquire();
      log.push(`${name}+`);
      await new Promise((resolve) => setTimeout(resolve, ms));
      log.push(`${name}-`);
      release();
    };
    await Promise.all([job('a', 30), job('b', 0), job('c', 10)]);
    expect(log).to.deep.equal(['a+', 'a-', 'b+', 'b-', 'c+', 'c-']);
  });

  it('ignores a second release', async () => {
    const lock = new AsyncLock();
    const first = await lock.acquire();
    const second = lock.acquire();
    const third = lock.acquire();
    first();
    const releaseSecond = await second;
    first(); // must not let the third in while the second holds the lock
    let thirdIn = false;
    void third.then(() => {
      thirdIn = true;
    });
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(thirdIn).to.be.false;
    releaseSecond();
    await third;
  });
});
