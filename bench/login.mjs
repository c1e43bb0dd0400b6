// The login listener: time from the browser's callback to the token stored and the CLI done.
import { freePort } from '../scripts/free-port.mjs';
import { join } from 'node:path';
import { CLI, cliEnv, fmt, median, root, tempDir, timed } from './lib.mjs';

const RUNS = 7;

export async function benchLogin(report) {
  const { startEmulator } = await import(join(root, 'dist', 'emulator', 'index.js'));
  const emu = await startEmulator({ dialog: 'auto', codeExchangeLifetime: 'long' });
  const samples = [];
  try {
    for (let i = 0; i < RUNS; i++) samples.push(await once(emu));
  } finally {
    await emu.close();
  }
  report({ name: 'login: callback to stored token', value: `${fmt(median(samples))} median of ${RUNS} (code exchange, debug_token, /me, store)` });
}

async function once(emu) {
  const home = tempDir('fbtok-bench-login-');
  try {
    const port = await freePort();
    let callbackAt = 0;
    let started = false;
    const r = await timed(process.execPath, [CLI, 'login', '--no-browser', '--port', String(port)], {
      env: cliEnv(emu, home.dir),
      onStderr: (text) => {
        const url = !started && text.match(/https?:\/\/\S+\/dialog\/oauth\?\S+/)?.[0];
        if (!url) return;
        started = true;
        (async () => {
          const dialog = await fetch(url, { redirect: 'manual' });
          const callback = dialog.headers.get('location').replace('://localhost:', '://127.0.0.1:');
          callbackAt = performance.now();
          await (await fetch(callback)).arrayBuffer();
        })().catch((error) => console.error('login bench browser failed:', error.message));
      },
    });
    const doneAt = performance.now();
    if (r.code !== 0) throw new Error(`login exited ${r.code}: ${r.stderr.slice(0, 400)}`);
    return doneAt - callbackAt;
  } finally {
    home.remove();
  }
}
