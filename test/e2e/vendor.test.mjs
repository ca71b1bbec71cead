// `npx py-elements vendor`: package files (with their dependencies, through the lock file) into a
// site's interpreter folder, from a local folder and from a local HTTP server, each checked against
// the lock file's sha256; a second run fetches nothing. The wheels and lock file are the test ones
// (test/fixtures/packages/build_wheels.py): greetings depends on shouting.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFile, mkdir, mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { distributionURL, vendor } from '../../bin/vendor.mjs';

const root = fileURLToPath(new URL('../../', import.meta.url));
const cli = join(root, 'bin/py-elements.mjs');
let work;
let wheels;

before(async () => {
  work = await mkdtemp(join(tmpdir(), 'py-elements-vendor-'));
  wheels = join(work, 'wheels');
  execFileSync('python3', [
    join(root, 'test/fixtures/packages/build_wheels.py'),
    join(root, 'node_modules/pyodide/pyodide-lock.json'),
    wheels,
  ]);
});
after(() => rm(work, { recursive: true, force: true }));

/** A site's interpreter folder: just its lock file (the test one). */
async function site(name) {
  const folder = join(work, name);
  await rm(folder, { recursive: true, force: true });
  await mkdir(folder, { recursive: true });
  await copyFile(join(wheels, 'pyodide-lock.json'), join(folder, 'pyodide-lock.json'));
  return folder;
}

const sha256 = async (file) =>
  createHash('sha256')
    .update(await readFile(file))
    .digest('hex');

test('from a folder: the package and its dependency, verified; run again, nothing is fetched', async () => {
  const to = await site('from-folder');
  const lines = [];
  const fetched = await vendor({ names: ['greetings'], to, from: wheels, log: (line) => lines.push(line) });
  assert.deepEqual(fetched.sort(), ['greetings-1.0.0-py3-none-any.whl', 'shouting-1.0.0-py3-none-any.whl']);
  const lock = JSON.parse(await readFile(join(to, 'pyodide-lock.json'), 'utf8'));
  for (const name of ['greetings', 'shouting']) {
    assert.equal(await sha256(join(to, lock.packages[name].file_name)), lock.packages[name].sha256);
  }
  assert.match(lines.at(-1), /^2 file\(s\), 0\.00 MB, written to /);

  const again = [];
  assert.deepEqual(await vendor({ names: ['greetings'], to, from: wheels, log: (line) => again.push(line) }), []);
  assert.match(again.at(-1), /^Nothing to fetch: all 2 file\(s\) are already in /);
});

test('from an HTTP server, with the URLs it asked for; a file that is not the one the lock names is refused', async () => {
  const requests = [];
  let corrupt = false;
  const server = createServer(async (request, response) => {
    requests.push(request.url);
    try {
      const bytes = await readFile(join(wheels, request.url.split('/').pop()));
      response.end(corrupt && request.url.includes('shouting') ? Buffer.from('not the wheel') : bytes);
    } catch {
      response.statusCode = 404;
      response.end('missing');
    }
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const from = `http://127.0.0.1:${server.address().port}/full/`;
  try {
    const to = await site('from-http');
    await vendor({ names: ['fastmath', 'greetings'], to, from, log: () => {} });
    assert.deepEqual(requests.sort(), [
      '/full/fastmath-1.0.0-cp314-cp314-pyemscripten_2026_0_wasm32.whl',
      '/full/greetings-1.0.0-py3-none-any.whl',
      '/full/shouting-1.0.0-py3-none-any.whl',
    ]);

    const bad = await site('corrupt');
    corrupt = true;
    await assert.rejects(vendor({ names: ['greetings'], to: bad, from, log: () => {} }), (error) => {
      assert.match(
        error.message,
        /^shouting: http:\/\/127\.0\.0\.1:\d+\/full\/shouting-1\.0\.0-py3-none-any\.whl is not the file the lock file names \(sha256 /,
      );
      return true;
    });
    assert.ok(!(await readdir(bad)).some((file) => file.startsWith('shouting')), 'nothing written for the refused file');

    await assert.rejects(vendor({ names: ['nothing-here'], to: bad, from, log: () => {} }), /no package "nothing-here"/);
    // In the lock file, but not on that server / in that folder: the URL or path, and what it said.
    await assert.rejects(
      vendor({ names: ['micropip'], to: bad, from, log: () => {} }),
      /^Error: micropip-[\d.]+-py3-none-any\.whl: http:\/\/127\.0\.0\.1:\d+\/full\/micropip-[\d.]+-py3-none-any\.whl answered 404 /,
    );
    await assert.rejects(
      vendor({ names: ['micropip'], to: bad, from: wheels, log: () => {} }),
      /^Error: micropip-[\d.]+-py3-none-any\.whl: .*\/wheels\/micropip-[\d.]+-py3-none-any\.whl could not be read \(ENOENT\)/,
    );
  } finally {
    server.close();
  }
});

test('the command: exit code 1 and a clear message for an unknown package; usage without one', async () => {
  const to = await site('cli');
  const unknown = spawnSync(process.execPath, [cli, 'vendor', 'nosuchpackage', '--to', to, '--from', wheels], {
    encoding: 'utf8',
  });
  assert.equal(unknown.status, 1);
  assert.equal(unknown.stderr.trim(), 'py-elements vendor: there is no package "nosuchpackage" in the lock file');
  const ok = spawnSync(process.execPath, [cli, 'vendor', 'shouting', '--to', to, '--from', wheels], { encoding: 'utf8' });
  assert.equal(ok.status, 0, ok.stderr);
  assert.match(ok.stdout, /fetched {2}shouting-1\.0\.0-py3-none-any\.whl/);
  const usage = spawnSync(process.execPath, [cli], { encoding: 'utf8' });
  assert.equal(usage.status, 1);
  assert.match(usage.stdout, /^Usage: npx py-elements vendor/);
});

test("by default the files come from Pyodide's distribution of the folder's interpreter version", async () => {
  const version = JSON.parse(await readFile(join(root, 'node_modules/pyodide/package.json'), 'utf8')).version;
  assert.equal(await distributionURL(join(root, 'node_modules/pyodide')), `https://cdn.jsdelivr.net/pyodide/v${version}/full/`);
});
