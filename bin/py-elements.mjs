#!/usr/bin/env node
// py-elements' command line. One command so far: `npx py-elements vendor <package>...` (see vendor.mjs).
import { main } from './vendor.mjs';

process.exitCode = await main(process.argv.slice(2));
