// The prompter's ways out of a question, in-process: Ctrl-D and Ctrl-C are a CancelledError (exit 130,
// "Nothing changed."), never a question left pending; and how report-error prints that: one plain line.
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createPrompter } from '../../src/io/prompt.js';
import { createIO } from '../../src/io/io.js';
import { reportError } from '../../src/report-error.js';
import { CancelledError, ExitCode, NOTHING_CHANGED } from '../../src/errors.js';

/** A stdin that says it is a terminal (inquirer puts it in raw mode) and a stderr that records the screen. */
function fakeTerminal(stdinIsTTY = true) {
  const stdin = Object.assign(new PassThrough(), { isTTY: stdinIsTTY, setRawMode: () => stdin });
  const stderr = Object.assign(new PassThrough(), { isTTY: true, columns: 200, rows: 50 });
  let screen = '';
  const shown = new Promise<void>((resolve) => stderr.on('data', (d) => ((screen += d), screen.includes('?') && resolve())));
  return { io: { stdin, stderr, stdinIsTTY, stderrIsTTY: true }, shown, screen: () => screen };
}

describe('prompter', () => {
  it.each([
    ['Ctrl-D', '\x04'],
    ['Ctrl-C', '\x03'],
  ])('%s at a question is a CancelledError, exit 130, "Nothing changed."', async (_what, key) => {
    const t = fakeTerminal();
    const answer = createPrompter({ io: t.io }).confirm('Replace it?', '--force', false);
    await t.shown;
    t.io.stdin.write(key);
    await expect(answer).rejects.toSatisfy((e) => e instanceof CancelledError && e.exitCode === ExitCode.interrupted && e.message === NOTHING_CHANGED);
  });

  it('an aborted run (SIGINT outside raw mode) ends a pending question the same way', async () => {
    const t = fakeTerminal();
    const controller = new AbortController();
    const answer = createPrompter({ io: t.io, signal: controller.signal }).input('App id:', 'FBTOK_APP_ID');
    await t.shown;
    controller.abort();
    await expect(answer).rejects.toBeInstanceOf(CancelledError);
  });

  it('an answer is still an answer', async () => {
    const t = fakeTerminal();
    const answer = createPrompter({ io: t.io }).confirm('Replace it?', '--force', false);
    await t.shown;
    t.io.stdin.write('y\r');
    expect(await answer).toBe(true);
  });

  it('stdin not a terminal and no controlling terminal: exit 2 naming how to do without the question', async () => {
    const t = fakeTerminal(false);
    const answer = createPrompter({ io: t.io, probeTerminal: () => false }).confirm('Replace it?', 'Pass --force to replace it.', false);
    await expect(answer).rejects.toMatchObject({ exitCode: ExitCode.usage, remedy: 'Pass --force to replace it.' });
    expect(t.screen()).toBe('');
  });
});

describe('reporting a cancel', () => {
  it('is one plain line on stderr, no red `error:` even with colour, and exit 130', async () => {
    const stderr = Object.assign(new PassThrough(), { isTTY: true });
    let text = '';
    stderr.on('data', (d) => (text += d));
    const io = await createIO({ stdin: new PassThrough(), stdout: new PassThrough(), stderr, env: { FORCE_COLOR: '1' } });
    expect(io.color).toBe(true);
    expect(reportError(new CancelledError(NOTHING_CHANGED), io, { verbose: false, json: false })).toBe(130);
    expect(text).toBe('Nothing changed.\n');
  });

  it('an inquirer prompt error that slips through is the same line', async () => {
    const stderr = new PassThrough();
    let text = '';
    stderr.on('data', (d) => (text += d));
    const io = await createIO({ stdin: new PassThrough(), stdout: new PassThrough(), stderr, env: {} });
    const error = Object.assign(new Error('User force closed the prompt with 0 null'), { name: 'ExitPromptError' });
    expect(reportError(error, io, { verbose: false, json: false })).toBe(130);
    expect(text).toBe('Nothing changed.\n');
  });
});
