#!/usr/bin/env node
// npm run demo: the whole job on the built-in emulator, in a throw-away store, printing each command
// as a user would type it. The demo plays the user's browser for the login step.
import { freePort } from './free-port.mjs';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { randomBytes } from 'node:crypto';

const root = resolve(import.meta.dirname, '..');
const CLI = join(root, 'bin', 'fbtok.cjs');
const { startEmulator } = await import(join(root, 'dist', 'emulator', 'index.js'));

const emu = await startEmulator({ pages: 3, dialog: 'auto', codeExchangeLifetime: 'short' });
const dir = mkdtempSync(join(tmpdir(), 'fbtok-demo-'));
const env = {
  ...process.env,
  FBTOK_CONFIG_DIR: dir,
  FBTOK_STORE: 'file',
  FBTOK_STORE_PASSPHRASE: randomBytes(16).toString('hex'),
  FBTOK_GRAPH_URL: emu.url,
  FBTOK_WWW_URL: emu.url,
  FBTOK_APP_ID: emu.appId,
  FBTOK_APP_SECRET: emu.appSecret,
  NO_COLOR: '1',
};
const bold = (s) => (process.stdout.isTTY ? `\x1b[1m${s}\x1b[0m` : s);
const say = (s) => process.stdout.write(`\n${s}\n`);

say(bold('fbtok demo: a full walk-through against the local Graph API emulator'));
say(`The emulator plays Facebook at ${emu.url} (user "${emu.user.name}", ${emu.pages.length} Pages).
Tokens go to a throw-away encrypted file store in ${dir}. Each step is the command a user would type.`);

let failures = 0;
try {
  const port = await freePort();
  await step(`fbtok login --no-browser --port ${port}`, ['login', '--no-browser', '--port', String(port)], { browser: true });
  await step('fbtok exchange-long-lived', ['exchange-long-lived']);
  await step('fbtok page-tokens', ['page-tokens']);
  await step(`fbtok debug-token page:${emu.pages[0].id} --require pages_messaging`, ['debug-token', `page:${emu.pages[0].id}`, '--require', 'pages_messaging']);
  await step('fbtok status', ['status']);
  say('Rotation: Meta does not extend a long-lived token when it is exchanged again, so rotate says when to log in:');
  await step('fbtok rotate --within 61d', ['rotate', '--within', '61d'], { expect: [0, 8] });
  await step('fbtok rotate --within 61d --dry-run --json', ['rotate', '--within', '61d', '--dry-run', '--json'], { expect: [0, 8] });
  await step('fbtok log', ['log']);
} finally {
  await emu.close();
  rmSync(dir, { recursive: true, force: true });
}
say(failures === 0 ? bold('Demo finished: every step behaved as expected.') : bold(`Demo finished with ${failures} unexpected result(s).`));
process.exitCode = failures === 0 ? 0 : 1;

/** Runs one CLI command, streaming its output; with `browser`, follows the printed login URL like a browser would. */
function step(display, args, { browser = false, expect = [0] } = {}) {
  say(`$ ${bold(display)}`);
  return new Promise((resolvePromise) => {
    const child = spawn(process.execPath, [CLI, ...args], { env, stdio: ['ignore', 'inherit', 'pipe'] });
    let stderr = '';
    let visited = false;
    child.stderr.setEncoding('utf8').on('data', (chunk) => {
      process.stderr.write(chunk);
      stderr += chunk;
      const url = browser && !visited && stderr.match(/https?:\/\/\S+\/dialog\/oauth\?\S+/)?.[0];
      if (url) {
        visited = true;
        actAsBrowser(url).catch((error) => process.stderr.write(`(demo browser failed: ${error.message})\n`));
      }
    });
    child.on('close', (code) => {
      if (!expect.includes(code)) {
        failures++;
        say(`(unexpected exit code ${code})`);
      } else if (code !== 0) {
        say(`(exit code ${code}, as expected)`);
      }
      resolvePromise(code);
    });
  });
}

/** The user approving the consent dialog: follow the redirects to the CLI's local listener. */
async function actAsBrowser(url) {
  let next = url;
  for (let hop = 0; hop < 5 && next; hop++) {
    const res = await fetch(next.replace('://localhost:', '://127.0.0.1:'), { redirect: 'manual' });
    next = res.headers.get('location');
    await res.arrayBuffer();
  }
}
