// Demo only: show each block's Python above its output, so readers see what ran.
for (const script of document.querySelectorAll('py-script > script[type="text/python"]')) {
  const pre = document.createElement('pre');
  pre.className = 'source';
  const lines = script.text.replace(/^\n+|\s+$/g, '').split('\n');
  const indent = Math.min(...lines.filter((l) => l.trim()).map((l) => l.match(/^ */)[0].length));
  pre.textContent = lines.map((l) => l.slice(indent)).join('\n');
  script.parentElement.before(pre);
}
