#!/usr/bin/env node
// `npm start` and `npm test` on a fresh clone: install the dependencies first if they are missing or
// older than the lock file, so each of the README's two commands is all a newcomer needs.
import { execSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';

const marker = 'node_modules/.package-lock.json';
const stale =
  !existsSync(marker) || (existsSync('package-lock.json') && statSync('package-lock.json').mtimeMs > statSync(marker).mtimeMs);
if (stale) {
  console.log('Installing dependencies (npm ci)…');
  execSync(existsSync('package-lock.json') ? 'npm ci' : 'npm install', {
    stdio: 'inherit',
    env: { ...process.env, PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD: '1', PUPPETEER_SKIP_DOWNLOAD: '1' },
  });
}
