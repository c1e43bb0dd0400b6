#!/usr/bin/env node
// Tiny on purpose: everything lives in the bundles scripts/bundle.mjs builds; this only wires the process
// to them. CommonJS, because an ES module entry costs Node a few milliseconds more to start.
'use strict';
const { fstatSync, readFileSync, statSync, writeSync } = require('node:fs');
const { join } = require('node:path');

const argv = process.argv.slice(2);
const cli = join(__dirname, '..', 'dist', 'cli');

switch (shortcutFor(argv)) {
  case 'version': // scripts ask for it often; no parser needed
    (fdStdout() ?? stdout()).write(`${require('../package.json').version}\n`);
    break;
  case 'help': // rendered by the build from the same program (fixed width, no colour)
    (fdStdout() ?? stdout()).write(readFileSync(join(cli, 'help.txt')));
    break;
  case 'direct': // `token get NAME`: src/direct.ts, without the parser
    run('direct.cjs', 'runDirect', fdStdout() ?? stdout(), lazyStderr());
    break;
  default:
    run(bundleFor(argv), 'main', stdout(), stderr());
}

/**
 * The invoked command's own bundle (the parser and that command only), found the way commands/index.ts
 * finds the command: the first word that is not an option or a global option's value. Anything else
 * (`help X`, `completion`, no command, an unknown word) takes the full CLI.
 */
function bundleFor(args) {
  let routes;
  try {
    routes = JSON.parse(readFileSync(join(cli, 'routes.json'), 'utf8'));
  } catch {
    return 'fbtok.cjs';
  }
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--') break;
    if (arg.startsWith('-')) {
      if (routes.valueOptions.includes(arg)) i++;
      continue;
    }
    return routes.commands.includes(arg) ? join('cmd', `${arg}.cjs`) : 'fbtok.cjs';
  }
  return 'fbtok.cjs';
}

/** Invocations answered without loading the full CLI; anything else (flags included) goes to it. */
function shortcutFor(args) {
  if (args.length === 1 && (args[0] === '--version' || args[0] === '-V')) return 'version';
  if (args.length === 1 && (args[0] === '--help' || args[0] === '-h')) return 'help';
  if (args.length === 3 && args[0] === 'token' && args[1] === 'get' && /^[^-]/.test(args[2])) return 'direct';
  return undefined;
}

/** `fbtok ... | head` closes the pipe early: that is the reader's choice, not an error to report. */
function onStreamError(error) {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw error;
}

// Node builds process.stdout and process.stderr on first touch, loading its streams: only when used.
function stdout() {
  if (!process.stdout.listenerCount('error')) process.stdout.on('error', onStreamError);
  return process.stdout;
}

function stderr() {
  if (!process.stderr.listenerCount('error')) process.stderr.on('error', onStreamError);
  return process.stderr;
}

/**
 * stdout as its file descriptor, when it is not a terminal (`$(fbtok token get user)`): building
 * process.stdout would load Node's streams, the largest share of `token get`'s start-up. A pipe someone
 * left non-blocking (EAGAIN) gets the rest through process.stdout. A terminal always gets process.stdout.
 */
function fdStdout() {
  if (isTerminal(1) || !isOpen(1)) return undefined;
  return {
    isTTY: false,
    write(text) {
      let rest = Buffer.from(text);
      try {
        while (rest.length > 0) rest = rest.subarray(writeSync(1, rest));
      } catch (error) {
        if (error.code !== 'EAGAIN') onStreamError(error);
        return stdout().write(rest);
      }
      return true;
    },
  };
}

/** stderr, built on the first line written to it (token get writes none when all goes well). */
function lazyStderr() {
  return { isTTY: isTerminal(2), write: (text) => stderr().write(text) };
}

function isOpen(fd) {
  try {
    fstatSync(fd);
    return true;
  } catch {
    return false;
  }
}

/** isatty without loading node:tty (and through it, streams): a character device other than /dev/null. */
function isTerminal(fd) {
  try {
    const stat = fstatSync(fd);
    return stat.isCharacterDevice() && stat.rdev !== statSync('/dev/null').rdev;
  } catch {
    return false;
  }
}

function run(bundle, entry, out, err) {
  const controller = new AbortController();
  let interrupted = false;
  process.on('SIGINT', () => {
    // First Ctrl-C: abort what is running (listeners free their ports); second: leave at once, unless
    // another handler owns SIGINT (exec forwards it to its child and exits with the child's code).
    if (interrupted && process.listenerCount('SIGINT') === 1) process.exit(130);
    interrupted = true;
    controller.abort(Object.assign(new Error('Interrupted.'), { name: 'AbortError' }));
  });
  const deps = {
    get stdin() {
      return process.stdin; // built by Node on first touch; most commands never read it
    },
    stdout: out,
    stderr: err,
    env: process.env,
    signal: controller.signal,
  };
  const { loadBundle } = require('./load-bundle.cjs');
  loadBundle(join(cli, bundle))
    [entry](argv, deps)
    .then((code) => {
      // runDirect declines (undefined) what it does not handle; the full CLI takes it.
      if (code === undefined) return loadBundle(join(cli, 'fbtok.cjs')).main(argv, deps);
      return code;
    })
    .then((code) => {
      process.exitCode = code;
    });
}
