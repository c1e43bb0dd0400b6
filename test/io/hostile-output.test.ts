// Foreign text with terminal control sequences (ESC/OSC, C1 CSI, bidi overrides) must reach stdout and stderr
// escaped: a scan file name, a Graph error message, a token name in the index, a name read from a .env file.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setUp, type Fixture } from '../commands/token-fixture.js';
import { fakeToken, makeTree } from '../scan/tree.js';
import { runCli, type CliResult } from '../helpers/run-cli.js';

/** OSC (set the window title), a C1 CSI (U+009B: "clear screen" on its own), a bidi override, a bell, a CR. */
const HOSTILE = 'x\u001b]0;pwned\u0007\u009b2J\u202etxt.exe\r';

/** Every byte a terminal acts on, except the newlines that end lines. */
function expectNoRawControls(r: Pick<CliResult, 'stdout' | 'stderr'>): void {
  for (const [stream, text] of [['stdout', r.stdout], ['stderr', r.stderr]] as const) {
    const raw = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/.exec(text);
    expect(raw, `${stream} holds a raw U+${raw?.[0].charCodeAt(0).toString(16).padStart(4, '0')}: ${JSON.stringify(text)}`).toBeNull();
  }
}

describe('nothing hostile reaches the terminal raw', () => {
  let fx: Fixture;
  beforeAll(async () => {
    fx = await setUp();
  });
  afterAll(() => fx.close());

  it('scan: a hostile file name is printed escaped', async () => {
    const t = makeTree({ [`${HOSTILE}.js`]: `const t = "${fakeToken()}";\n` });
    try {
      const r = await runCli(['scan'], { cwd: t.dir, env: fx.env });
      expect(r.code, r.stderr).toBe(10);
      expectNoRawControls(r);
      expect(r.stdout).toContain('x\\u001b]0;pwned\\u0007\\u009b2J\\u202etxt.exe\\r.js:1 access-token');
      const json = await runCli(['--json', 'scan'], { cwd: t.dir, env: fx.env });
      expectNoRawControls(json);
      expect(JSON.parse(json.stdout).findings[0].file).toBe(`${HOSTILE}.js`); // the data is intact, only escaped
    } finally {
      t.remove();
    }
  });

  it('a hostile 5,000-character Graph error message is escaped and cut', async () => {
    const token = fx.emu.issueUserToken({ lifetime: 'long' });
    fx.emu.injectFault({ kind: 'error', code: 100, message: `${HOSTILE} ${'A'.repeat(5000)}`, times: 10 });
    try {
      const r = await fx.cli(['debug-token', '--token-stdin'], { input: token });
      expect(r.code).not.toBe(0);
      expect(r.code).not.toBe(1);
      expectNoRawControls(r);
      expect(r.stderr).toContain('\\u001b]0;pwned');
      expect(r.stderr).not.toContain('A'.repeat(1500));
      expect(r.stderr).toMatch(/\[cut: \d+ characters in all\]|more characters\)/);
    } finally {
      fx.emu.clearFaults();
    }
  });

  it('a hostile token name in the index is escaped by token list, status and log', async () => {
    await fx.importToken(fx.emu.issueUserToken({ lifetime: 'long' }), 'user');
    const path = join(fx.env.FBTOK_CONFIG_DIR, 'tokens.json');
    const text = readFileSync(path, 'utf8');
    // Rename the record in the index as a tampered (or hostile, synced) store file would.
    writeFileSync(path, text.replace(/"name": "user"/, `"name": ${JSON.stringify(`user${HOSTILE}`)}`));
    expect(readFileSync(path, 'utf8')).toContain('\\u001b');
    for (const args of [['token', 'list'], ['status'], ['--json', 'token', 'list']]) {
      const r = await fx.cli(args);
      expectNoRawControls(r);
      expect(r.stdout + r.stderr, args.join(' ')).toContain('user' + 'x\\u001b]0;pwned');
    }
    const get = await fx.cli(['token', 'get', `user${HOSTILE}`]);
    expectNoRawControls(get);
  });

  it('exec: a hostile name read from a .env file is escaped in the error', async () => {
    const t = makeTree({ '.env': `PAGE_TOKEN=fbtok://${HOSTILE}\nOTHER=fbtok://we\u009bird/user\n` });
    try {
      const r = await runCli(['exec', '--dotenv', '.env', '--', process.execPath, '-e', '0'], { cwd: t.dir, env: fx.env });
      expect(r.code, r.stderr).toBe(2);
      expectNoRawControls(r);
      expect(r.stderr).toContain('\\u001b]0;pwned');
    } finally {
      t.remove();
    }
  });
});
