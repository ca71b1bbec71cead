import { expect } from '../../test/browser/helpers.js';
import { afterEditors, editorSettingUp, editorWait } from './editors-first.js';

const tick = () => new Promise((resolve) => setTimeout(resolve, 0));
/** Whether `promise` has settled after a few turns of the event loop. */
async function settled(promise: Promise<unknown>): Promise<boolean> {
  let done = false;
  void promise.then(() => (done = true));
  for (let i = 0; i < 5; i++) await tick();
  return done;
}

describe('editors first', () => {
  it('lets Python go on at once when no editor is setting up', async () => {
    expect(await settled(afterEditors())).to.be.true;
  });

  it('holds Python until the editors setting up are done, failed ones too', async () => {
    let finish!: () => void;
    let fail!: (error: Error) => void;
    editorSettingUp(new Promise<void>((resolve) => (finish = resolve)));
    editorSettingUp(new Promise<void>((_, reject) => (fail = reject)));
    const waiting = afterEditors();
    expect(await settled(waiting)).to.be.false;
    finish();
    expect(await settled(waiting)).to.be.false;
    fail(new Error('Monaco could not load'));
    expect(await settled(waiting)).to.be.true;
    expect(await settled(afterEditors()), 'nothing left held').to.be.true;
  });

  it('holds Python no longer than its limit, for an editor that never finishes', async () => {
    const maxMs = editorWait.maxMs;
    // Wide enough that a busy machine's few event-loop turns (settled()) stay within it: at 50 ms,
    // Firefox under load once let the limit pass before the first look.
    editorWait.maxMs = 500;
    let end!: () => void;
    try {
      editorSettingUp(new Promise<void>((resolve) => (end = resolve))); // never, while the test lasts
      const waiting = afterEditors();
      expect(await settled(waiting)).to.be.false;
      await new Promise((resolve) => setTimeout(resolve, 700));
      expect(await settled(waiting)).to.be.true;
    } finally {
      editorWait.maxMs = maxMs;
      end();
    }
  });
});
