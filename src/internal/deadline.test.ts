import { expect } from '../../test/browser/helpers.js';
import { deadline, isDeadline } from './deadline.js';

describe('deadline', () => {
  const busy = (ms: number) => {
    const end = performance.now() + ms;
    while (performance.now() < end);
  };

  it('counts little of the time the page was too busy to hear an answer', async () => {
    // The answer comes just after 400 ms of a busy main thread, past the 200 ms limit in wall time: a
    // plain timer failed it, as WebKit did downloads answered while Python started.
    const answer = new Promise<string>((resolve) => setTimeout(() => resolve('answered'), 20));
    const waiting = deadline(
      answer.then(async (value) => {
        busy(400);
        await new Promise((resolve) => setTimeout(resolve, 10));
        return value;
      }),
      () => 'too late',
      200,
    );
    expect(await waiting.catch((error: Error) => error.message)).to.equal('answered');
  });

  it('still fails what never answers, with its message', async () => {
    const started = performance.now();
    const message = await deadline(new Promise(() => {}), () => 'the server did not answer', 100).catch((error: Error) =>
      isDeadline(error) ? error.message : 'not a deadline',
    );
    expect(message).to.equal('the server did not answer');
    expect(performance.now() - started).to.be.within(100, 1000);
  });
});
