// When a test fails, what the page's interpreter started from goes to the browser log, which the
// runner prints with the failure: an intermittent fault in CI then says which start it followed.
/** The prefix of py-elements' performance marks. */
const OURS = 'py-elements: ';

// Not in the HTML suites, whose mocha has no globals until their runTests() callback runs.
if (typeof afterEach === 'function')
  afterEach(function () {
    if (this.currentTest?.state !== 'failed') return;
    const starts = performance
      .getEntriesByType('mark')
      .filter((mark) => mark.name.startsWith(OURS))
      .map(
        (mark) =>
          `${Math.round(mark.startTime)} ms ${mark.name.slice(OURS.length)} ${JSON.stringify((mark as PerformanceMark).detail)}`,
      );
    console.log(`failure context of "${this.currentTest.title}": ${starts.join('; ') || 'no interpreter started in this page'}`);
  });
