#!/usr/bin/env node
// Tiny on purpose: everything lives in the bundle of src/main.ts (scripts/bundle.mjs); this only wires
// the process to it.
import { loadBundle } from './load-bundle.js';

const argv = process.argv.slice(2);

if (argv.length === 1 && (argv[0] === '--version' || argv[0] === '-V')) {
  // Scripts ask for the version often; answer without loading the command-line parser.
  const { VERSION } = await import('../dist/version.js');
  process.stdout.write(`${VERSION}\n`);
} else {
  await run();
}

async function run() {
  const { main } = loadBundle(new URL('../dist/cli/fbtok.cjs', import.meta.url).pathname);

  // `fbtok ... | head` closes the pipe early: that is the reader's choice, not an error to report.
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (error) => {
      if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
      throw error;
    });
  }

  const controller = new AbortController();
  let interrupted = false;
  process.on('SIGINT', () => {
    // First Ctrl-C: abort what is running (listeners free their ports); second: leave at once, unless
    // another handler owns SIGINT (exec forwards it to its child and exits with the child's code).
    if (interrupted && process.listenerCount('SIGINT') === 1) process.exit(130);
    interrupted = true;
    controller.abort(Object.assign(new Error('Interrupted.'), { name: 'AbortError' }));
  });

  process.exitCode = await main(argv, {
    stdin: process.stdin,
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
    signal: controller.signal,
  });
}
