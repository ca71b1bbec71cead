// When a test fails, what the page's interpreter started from goes to the browser log, which the
// runner prints with the failure: an intermittent fault in CI then says which start it followed.
// Not in the HTML suites, whose mocha has no globals until their runTests() callback runs.
if (typeof afterEach === 'function')
  afterEach(function () {
    if (this.currentTest?.state !== 'failed') return;
    const starts = performance
      .getEntriesByType('mark')
      .filter((mark) => mark.name.startsWith('py-elements: '))
      .map(
        (mark) => `${Math.round(mark.startTime)} ms ${mark.name.slice(13)} ${JSON.stringify((mark as PerformanceMark).detail)}`,
      );
    console.log(`failure context of "${this.currentTest.title}": ${starts.join('; ') || 'no interpreter started in this page'}`);
  });
