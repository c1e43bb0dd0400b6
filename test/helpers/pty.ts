// The built CLI in a real pseudo-terminal (util-linux `script`), driven by keystrokes: what a person at a
// terminal sees and types. Keys are sent only once the expected text has appeared (no sleeps).
import { spawn } from 'node:child_process';
import { CLI } from './run-cli.js';
import { requireBinary } from './binaries.js';

export interface PtyResult {
  /** The CLI's own exit code (`script -e`). */
  code: number | null;
  /** Everything the terminal showed, colour and cursor codes removed. */
  screen: string;
}

export interface PtySession {
  /** Resolves once the screen shows `text`; fails when the CLI ends first. */
  waitFor(text: string): Promise<void>;
  type(keys: string): void;
  /** What the terminal shows so far. */
  screen(): string;
  /** Ends the session's input (the pty stays open: Ctrl-D is a key, `type('\x04')`). */
  result(): Promise<PtyResult>;
}

/** ANSI colour, cursor and erase sequences (inquirer redraws its questions with them). */
const ANSI = /\x1b\[[0-9;?]*[A-Za-z]|\x1b\][^\x07]*\x07/g;

/**
 * Runs `sh -c '<shell>'` on a pty, where `$FBTOK` is the built CLI. The shell line may redirect stdin
 * (`printf %s "$TOKEN" | $FBTOK token import --token-stdin`), so the CLI's stdin is a pipe while its
 * controlling terminal and stderr are the pty, as for a person piping a token in.
 */
export function runInPty(shell: string, env: Record<string, string | undefined>, killAfterMs = 120_000, cols = 250): PtySession {
  const script = requireBinary('script', 'util-linux');
  // A wide terminal by default, so questions are not wrapped mid-sentence (script's pty is 80 columns without one).
  const child = spawn(script, ['-qfec', `stty cols ${cols} rows 50; ${shell}`, '/dev/null'], {
    env: { PATH: process.env.PATH, HOME: process.env.HOME, LANG: 'C.UTF-8', TERM: 'xterm', ...env, FBTOK: `${process.execPath} ${CLI}` },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let raw = '';
  let ended = false;
  const waiters: Array<{ text: string; resolve(): void; reject(e: Error): void }> = [];
  const screen = () => raw.replace(ANSI, '');
  const check = () => {
    for (const w of [...waiters]) {
      if (screen().includes(w.text)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve();
      } else if (ended) {
        waiters.splice(waiters.indexOf(w), 1);
        w.reject(new Error(`the CLI ended before showing ${JSON.stringify(w.text)}; screen:\n${screen()}`));
      }
    }
  };
  // A bound for a hung CLI, far above what any of these runs takes: the test fails with the screen instead of hanging.
  const timer = setTimeout(() => child.kill('SIGKILL'), killAfterMs);
  const done = new Promise<PtyResult>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      ended = true;
      check();
      resolve({ code, screen: screen() });
    });
  });
  child.stdout.setEncoding('utf8').on('data', (d: string) => {
    raw += d;
    check();
  });
  child.stderr.setEncoding('utf8').on('data', (d: string) => (raw += d));
  return {
    waitFor: (text) =>
      new Promise<void>((resolve, reject) => {
        waiters.push({ text, resolve, reject });
        check();
      }),
    type: (keys) => void child.stdin.write(keys),
    screen,
    result: () => done,
  };
}

export const KEY = { enter: '\r', ctrlC: '\x03', ctrlD: '\x04' } as const;
