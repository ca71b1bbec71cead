// A <py-progress> on a page that had no element (define-on-demand.ts): it keeps its line while its
// code is on its way, so the page below it does not move when it is defined. Its own page: the
// elements must not be defined before it is added.
import { expect, mount } from '../test/browser/helpers.js';
import './index.js';

describe('a <py-progress> waiting for its code', () => {
  it('takes the line it will have, so nothing below it moves', async () => {
    expect(customElements.get('py-progress')).to.equal(undefined);
    const section = mount<HTMLElement>('<section><p>Lesson</p><p><py-progress></py-progress></p><p>Exercise 1</p></section>');
    const below = section.lastElementChild!;
    const waiting = below.getBoundingClientRect().top;
    const progress = section.querySelector('py-progress')!;
    expect(customElements.get('py-progress'), 'measured before it was defined').to.equal(undefined);
    await customElements.whenDefined('py-progress');
    await (progress as HTMLElement & { updateComplete: Promise<unknown> }).updateComplete;
    await new Promise((resolve) => requestAnimationFrame(resolve));
    expect(progress.shadowRoot?.querySelector('progress'), 'its bar, once defined').to.not.equal(null);
    expect(below.getBoundingClientRect().top).to.be.closeTo(waiting, 1);
  });
});
