import type { Readable, Writable } from 'node:stream';
import { UsageError } from '../errors.js';
import { sanitize, sanitizeOutput } from './sanitize.js';

/** Text styling; identity functions when colour is off, so callers never check. */
export interface Style {
  bold(s: string): string;
  dim(s: string): string;
  red(s: string): string;
  green(s: string): string;
  yellow(s: string): string;
  cyan(s: string): string;
}

/**
 * The terminal as the commands see it. stdout carries data (tokens, --json);
 * stderr carries everything meant for people (progress, hints, warnings).
 */
export interface IO {
  readonly stdin: Readable;
  readonly stdout: Writable;
  readonly stderr: Writable;
  readonly stdinIsTTY: boolean;
  readonly stdoutIsTTY: boolean;
  /** The terminal's width when stdout is a terminal (tables fit it); undefined when piped: print everything. */
  readonly columns?: number;
  readonly stderrIsTTY: boolean;
  /** True only on a TTY with NO_COLOR, --no-color and CI all unset. */
  readonly color: boolean;
  readonly style: Style;
  /** Writes a line of data to stdout (control characters other than newline and tab shown escaped). */
  out(line: string): void;
  /** Writes a line for people to stderr (control characters escaped; fbtok's own colour kept). */
  err(line: string): void;
  /** A warning line on stderr (styled yellow when colour is on; its text sanitised and cut like foreign text). */
  warn(line: string): void;
  /**
   * Reads all of stdin as text (for --token-stdin and friends). Past `maxBytes` (default STDIN_LIMIT) it
   * stops reading at once and throws a UsageError (exit 2): `cat /dev/zero |` must not grow memory forever.
   */
  readStdin(maxBytes?: number): Promise<string>;
}

const plain: Style = {
  bold: (s) => s,
  dim: (s) => s,
  red: (s) => s,
  green: (s) => s,
  yellow: (s) => s,
  cyan: (s) => s,
};

export interface CreateIOOptions {
  stdin: Readable & { isTTY?: boolean };
  stdout: Writable & { isTTY?: boolean; columns?: number };
  stderr: Writable & { isTTY?: boolean };
  env: Record<string, string | undefined>;
  noColor?: boolean;
}

export function colorAllowed(opts: CreateIOOptions): boolean {
  const { env } = opts;
  if (opts.noColor || env.NO_COLOR !== undefined || env.CI) return false;
  if (env.FORCE_COLOR === '0') return false;
  return Boolean(opts.stderr.isTTY);
}

/** Builds the IO; chalk is loaded only when colour will actually be used. */
export async function createIO(opts: CreateIOOptions): Promise<IO> {
  const color = colorAllowed(opts);
  let style = plain;
  if (color) {
    const { Chalk } = await import('chalk');
    const chalk = new Chalk({ level: 1 });
    style = {
      bold: (s) => chalk.bold(s),
      dim: (s) => chalk.dim(s),
      red: (s) => chalk.red(s),
      green: (s) => chalk.green(s),
      yellow: (s) => chalk.yellow(s),
      cyan: (s) => chalk.cyan(s),
    };
  }
  return {
    // stdin is read through getters: Node builds process.stdin on first touch, which costs a command that
    // never reads it (token get) a noticeable share of its start-up.
    get stdin() {
      return opts.stdin;
    },
    stdout: opts.stdout,
    stderr: opts.stderr,
    get stdinIsTTY() {
      return Boolean(opts.stdin.isTTY);
    },
    stdoutIsTTY: Boolean(opts.stdout.isTTY),
    get columns() {
      return opts.stdout.isTTY && opts.stdout.columns ? opts.stdout.columns : undefined;
    },
    stderrIsTTY: Boolean(opts.stderr.isTTY),
    color,
    style,
    // Every line passes the sanitiser: what callers forgot to escape still cannot drive the terminal.
    out: (line) => void opts.stdout.write(sanitizeOutput(line, color) + '\n'),
    err: (line) => void opts.stderr.write(sanitizeOutput(line, color) + '\n'),
    warn: (line) => void opts.stderr.write(style.yellow(`warning: ${sanitize(line, { max: 2000 })}`) + '\n'),
    readStdin: (maxBytes) => readAll(opts.stdin, maxBytes ?? STDIN_LIMIT),
  };
}

/** Where one token or secret is expected: far above any (tokens ~200 characters, 4096 at most). */
export const STDIN_LIMIT = 16 * 1024;

async function readAll(stream: Readable, maxBytes: number): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  // Leaving the loop early destroys the stream: the writer gets EPIPE and nothing more is buffered.
  for await (const chunk of stream) {
    const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
    size += buffer.length;
    if (size > maxBytes) {
      throw new UsageError(
        `stdin holds more than ${maxBytes / 1024} KB, and one token or secret was expected.`,
        'Pipe only the value: printf %s "$VALUE" | fbtok ...',
        'STDIN_TOO_LARGE',
      );
    }
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}
