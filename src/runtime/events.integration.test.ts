// Python reacting to the page: @when, py-<event> attributes, and the lifetime of listener proxies.
import {
  expect,
  mount,
  nextEvent,
  outputText,
  pyScript,
  quietly,
  runScriptMarkup,
  unmountAll,
  waitFor,
} from '../../test/browser/helpers.js';
import type { PyDoneEvent } from '../events/py-done.js';
import '../../test/browser/elements.js';
import { getRuntime } from './hubs.js';

const runScript = runScriptMarkup;
const py = pyScript;

describe('Python and page events', () => {
  before(() => getRuntime());
  afterEach(unmountAll);

  it('@when calls sync and async handlers, with or without the event, and prints into the element', async () => {
    mount('<div><button id="go">Go</button><button class="many">A</button><button class="many">B</button></div>');
    const { el, detail } = await runScript(
      py(`from pyelements import when
import asyncio
@when("click", "#go")
def with_event(event):
    print("clicked", event.target.id)

@when("click", "#go")
def without_event():
    print("no event needed")

@when("click", ".many")
async def later(event):
    await asyncio.sleep(0.01)
    print("async", event.target.textContent)`),
    );
    expect(detail.ok, detail.error).to.be.true;
    document.querySelector<HTMLButtonElement>('#go')!.click();
    expect(outputText(el)).to.equal('clicked go\nno event needed\n');
    for (const button of document.querySelectorAll<HTMLButtonElement>('.many')) button.click();
    await waitFor(() => outputText(el).includes('async B'), 'the async handlers');
    expect(outputText(el)).to.equal('clicked go\nno event needed\nasync A\nasync B\n');
  });

  it('@when(once=True) fires once; an element or a list of them works as the target', async () => {
    const box = mount('<div><button id="once">x</button><span id="a"></span><span id="b"></span></div>');
    const { el, detail } = await runScript(
      py(`from pyelements import when
@when("click", "#once", once=True)
def first():
    print("first only")

@when("ping", [document.getElementById("a"), document.getElementById("b")])
def ping(event):
    print("ping", event.target.id)`),
    );
    expect(detail.ok, detail.error).to.be.true;
    box.querySelector<HTMLButtonElement>('#once')!.click();
    box.querySelector<HTMLButtonElement>('#once')!.click();
    box.querySelector('#a')!.dispatchEvent(new Event('ping'));
    box.querySelector('#b')!.dispatchEvent(new Event('ping'));
    expect(outputText(el)).to.equal('first only\nping a\nping b\n');
  });

  it('an invalid selector or a missing target is a clear error in the page', async () => {
    const bad = await quietly(() => runScript(py('from pyelements import when\n@when("click", "[[")\ndef f(): pass')));
    expect(bad.detail.ok).to.be.false;
    expect(bad.el.querySelector('.py-error')!.textContent).to.match(
      /ValueError: @when\('click', '\[\['\): '\[\[' is not a valid CSS selector/,
    );
    const missing = await quietly(() => runScript(py('from pyelements import when\n@when("click", "#nowhere")\ndef f(): pass')));
    expect(missing.el.querySelector('.py-error')!.textContent).to.contain(
      "ValueError: @when('click', '#nowhere'): no element on the page matches '#nowhere'",
    );
  });

  it('an exception in a handler shows in the element instead of escaping into the page', async () => {
    mount('<button id="boom">boom</button>');
    const { el } = await runScript(py('from pyelements import when\n@when("click", "#boom")\ndef f():\n    1 / 0'));
    document.querySelector<HTMLButtonElement>('#boom')!.click();
    expect(el.querySelector('.py-stderr')!.textContent).to.contain('ZeroDivisionError: division by zero');
  });

  it('remove_event_listener with the same Python function removes the listener and its proxy', async () => {
    mount('<button id="toggle">t</button>');
    const runtime = await getRuntime();
    const baseline = runtime.liveProxyCount;
    const { el } = await runScript(
      py(`from pyelements import add_event_listener, remove_event_listener
button = document.getElementById("toggle")
def on_click():
    print("still listening")
add_event_listener(button, "click", on_click)`),
    );
    expect(runtime.liveProxyCount).to.equal(baseline + 1);
    document.querySelector<HTMLButtonElement>('#toggle')!.click();
    expect(outputText(el)).to.equal('still listening\n');
    // Another block removes it, by the same function (both share the main namespace).
    const removed = await runScript(
      py('from pyelements import remove_event_listener\nremove_event_listener(button, "click", on_click)'),
    );
    expect(removed.detail.ok, removed.detail.error).to.be.true;
    expect(runtime.liveProxyCount).to.equal(baseline);
    document.querySelector<HTMLButtonElement>('#toggle')!.click();
    expect(outputText(el)).to.equal('still listening\n');
  });

  it('py-<event> attributes run in the nearest scope with event bound; a callable result gets the event', async () => {
    const box = mount(`<div scope="clicks">
      ${py('count = 0\ndef shout(event):\n    global count\n    count += 10\n    event.target.dataset.shouted = "yes"', 'scope="clicks"')}
      <button id="plus" py-click="count += 1">+1</button>
      <button id="fn" py-click="shout">shout</button>
      <button id="broken" py-click="undefined_name + 1">broken</button>
    </div>`);
    await nextEvent(box.querySelector('py-script')!, 'py-done');
    box.querySelector<HTMLButtonElement>('#plus')!.click();
    box.querySelector<HTMLButtonElement>('#plus')!.click();
    box.querySelector<HTMLButtonElement>('#fn')!.click();
    const runtime = await getRuntime();
    expect(runtime.pyodide.runPython('import pyelements; pyelements.namespace("clicks")["count"]')).to.equal(12);
    expect(box.querySelector<HTMLElement>('#fn')!.dataset.shouted).to.equal('yes');

    const failed = nextEvent<PyDoneEvent>(box.querySelector('#broken')!, 'py-done');
    await quietly(async () => box.querySelector<HTMLButtonElement>('#broken')!.click());
    const { detail } = await failed;
    expect(detail.ok).to.be.false;
    expect(detail.error).to.contain("NameError: name 'undefined_name' is not defined");
    expect(detail.error).to.contain('File "py-click on <button #broken>", line 1');
  });

  it('a handler may cancel the default action synchronously', async () => {
    const link = mount<HTMLAnchorElement>('<a href="#moved" py-click="event.preventDefault()">stay</a>');
    await getRuntime();
    const click = new MouseEvent('click', { cancelable: true, bubbles: true });
    link.dispatchEvent(click);
    expect(click.defaultPrevented).to.be.true;
  });

  it('1,000 add/remove and disconnect cycles leave the proxy count at its baseline and the heap bounded', async () => {
    const runtime = await getRuntime();
    const memory = () => (runtime.pyodide as unknown as { _module: { HEAP8: Int8Array } })._module.HEAP8.buffer.byteLength;
    mount('<button id="cycle">c</button>');
    const baseline = runtime.liveProxyCount;
    const heapBefore = memory();
    const { detail } = await runScript(
      py(`from pyelements import add_event_listener, remove_event_listener
button = document.getElementById("cycle")
for i in range(1000):
    def handler(event, i=i):
        pass
    add_event_listener(button, "click", handler)
    remove_event_listener(button, "click", handler)`),
    );
    expect(detail.ok, detail.error).to.be.true;
    expect(runtime.liveProxyCount).to.equal(baseline);

    const box = mount('<div></div>');
    for (let i = 0; i < 1000; i++) {
      const el = document.createElement('py-script');
      el.textContent = 'from pyelements import when\n@when("click", "#cycle")\ndef h():\n    pass';
      const done = nextEvent(el, 'py-done');
      box.append(el);
      await done;
      el.remove();
    }
    await Promise.resolve(); // releases run in a microtask after removal
    expect(runtime.liveProxyCount).to.equal(baseline);
    document.querySelector<HTMLButtonElement>('#cycle')!.click(); // no destroyed-proxy errors
    expect(memory() - heapBefore).to.be.below(32 * 1024 * 1024);
  });

  it('moving an element keeps its listeners; removing it for good drops them', async () => {
    mount('<button id="kept">k</button>');
    const box = mount('<div></div>');
    const other = mount('<section></section>');
    const el = document.createElement('py-script');
    el.textContent = 'from pyelements import when\n@when("click", "#kept")\ndef h():\n    print("heard")';
    const done = nextEvent(el, 'py-done');
    box.append(el);
    await done;
    other.append(el); // a move
    await new Promise((resolve) => setTimeout(resolve, 0));
    document.querySelector<HTMLButtonElement>('#kept')!.click();
    expect(outputText(el)).to.equal('heard\n');
    el.remove();
    await new Promise((resolve) => setTimeout(resolve, 0));
    document.querySelector<HTMLButtonElement>('#kept')!.click();
    expect(outputText(el)).to.equal('heard\n');
  });
});
