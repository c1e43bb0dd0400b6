// What a person at a real terminal (util-linux script) sees: tables that fit its width, a spinner while
// tokens are checked; and what a pipe or CI gets instead: every byte, and no spinner.
import { afterEach, describe, expect, it } from 'vitest';
import { runInPty, KEY } from '../helpers/pty.js';
import { setUp, type Fixture } from '../commands/token-fixture.js';

// Each test starts fbtok several times (each run bounded by its own timeouts): the test's bound is their sum.
const STEPS = { timeout: 240_000 };

describe('terminal output', () => {
  let f: Fixture | undefined;
  afterEach(async () => {
    await f?.close();
    f = undefined;
  });

  async function withTokens(): Promise<Fixture> {
    f = await setUp({ pages: [{ id: '100000000000101', name: 'A Page With A Rather Long Name For Tables' }, { id: '100000000000102' }] });
    await f.importToken(f.emu.issueUserToken({ lifetime: 'long' }));
    expect((await f.cli(['page-tokens'])).code).toBe(0);
    return f;
  }

  it.each([60, 80, 120])('status and token list fit a %i-column terminal; piped, nothing is cut', STEPS, async (cols) => {
    const f = await withTokens();
    for (const command of ['status', 'token list']) {
      const { code, screen } = await runInPty(`$FBTOK ${command}`, f.env, 120_000, cols).result();
      expect(code, screen).toBe(0);
      const lines = screen.replace(/\r/g, '').split('\n');
      // The table: from its header to the end (prose above it may wrap like any terminal text).
      const table = lines.slice(lines.findIndex((l) => /^NAME\s/.test(l))).filter(Boolean);
      expect(table.length, screen).toBe(4);
      for (const line of table) expect([...line].length, `${command}: ${line}`).toBeLessThanOrEqual(cols);
    }
    const piped = await f.cli(['status']);
    expect(piped.stdout).toContain('public_profile,pages_show_list,pages_messaging,pages_manage_metadata,pages_read_engagement');
    expect(piped.stdout).toContain('A Page With A Rather Long Name For Tables');
  });

  it('status --check shows a spinner on a terminal while Facebook answers; Ctrl-C ends it with exit 130', STEPS, async () => {
    const f = await withTokens();
    // The check's batch hangs until the run is interrupted, so the spinner is on screen when looked for.
    f.emu.injectFault({ kind: 'hang', match: '/', method: 'POST', times: Infinity });
    const pty = runInPty('$FBTOK status --check', f.env);
    await pty.waitFor('Checking 3 tokens with Facebook');
    pty.type(KEY.ctrlC);
    const { code } = await pty.result();
    expect(code).toBe(130);
  });

  it('no spinner when stderr is piped, under CI or NO_COLOR, or with --json', STEPS, async () => {
    const f = await withTokens();
    const piped = await f.cli(['status', '--check']);
    expect(piped.code).toBe(0);
    expect(piped.stderr).not.toContain('Checking');
    for (const [shell, env] of [
      ['$FBTOK status --check', { CI: 'true' }],
      ['$FBTOK status --check', { NO_COLOR: '1' }],
      ['$FBTOK --json status --check', {}],
    ] as const) {
      const { code, screen } = await runInPty(shell, { ...f.env, ...env }).result();
      expect(code, screen).toBe(0);
      expect(screen).not.toContain('Checking');
    }
  });
});
