#!/usr/bin/env node
// Tiny on purpose: everything lives in dist/main.js; this only wires the process to it.
import { main } from '../dist/main.js';

const controller = new AbortController();
let interrupted = false;
process.on('SIGINT', () => {
  // First Ctrl-C: abort what is running (listeners free their ports); second: leave at once, unless
  // another handler owns SIGINT (exec forwards it to its child and exits with the child's code).
  if (interrupted && process.listenerCount('SIGINT') === 1) process.exit(130);
  interrupted = true;
  controller.abort(Object.assign(new Error('Interrupted.'), { name: 'AbortError' }));
});

process.exitCode = await main(process.argv.slice(2), {
  stdin: process.stdin,
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  signal: controller.signal,
});
