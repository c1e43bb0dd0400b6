import type { IO } from './io/io.js';
import { ExitCode, FbtokError, NOTHING_CHANGED } from './errors.js';
import { isPromptEnd } from './io/prompt.js';
import { redact } from './util/redact.js';
import { sanitize } from './io/sanitize.js';

/** fbtok's own messages stay well under this; only foreign text (a 5,000-character Graph message) is cut. */
const MAX_MESSAGE_LENGTH = 1000;

export interface ReportOptions {
  verbose: boolean;
  json: boolean;
}

/**
 * The only place that prints an error and picks the exit code: one line of cause,
 * one line of remedy, a stack only with --verbose, and every line redacted. Messages and remedies may
 * carry foreign text (a Graph message, a file or token name), so both are sanitised and cut, then styled.
 */
export function reportError(error: unknown, io: IO, options: ReportOptions): number {
  const described = describe(error);
  const { exitCode, code } = described;
  const message = sanitize(redact(described.message), { max: MAX_MESSAGE_LENGTH });
  const remedy = described.remedy ? sanitize(redact(described.remedy), { max: MAX_MESSAGE_LENGTH }) : undefined;
  // Ctrl-C, Ctrl-D or "no" is the user's choice, not a failure: one plain line, no red `error:`.
  if (exitCode === ExitCode.interrupted) io.err(message);
  else io.err(io.style.red(`error: ${message}`));
  if (remedy) io.err(`  ${remedy}`);
  if (options.verbose && error instanceof Error && error.stack) {
    io.err(io.style.dim(redact(error.stack)));
    let cause = (error as { cause?: unknown }).cause;
    while (cause instanceof Error) {
      io.err(io.style.dim(`caused by: ${redact(cause.stack ?? cause.message)}`));
      cause = (cause as { cause?: unknown }).cause;
    }
  } else if (exitCode === ExitCode.unexpected) {
    io.err('  Run again with --verbose for details.');
  }
  if (options.json) {
    io.out(JSON.stringify({ error: { code, message, remedy: remedy ?? null, exitCode } }, null, 2));
  }
  return exitCode;
}

function describe(error: unknown): { message: string; remedy?: string; exitCode: number; code: string } {
  if (error instanceof FbtokError) {
    return { message: error.message, remedy: error.remedy, exitCode: error.exitCode, code: error.code };
  }
  if (isCommanderError(error)) {
    return {
      message: error.message.replace(/^error:\s*/i, ''),
      remedy: 'See `fbtok --help`, or `fbtok <command> --help`.',
      exitCode: ExitCode.usage,
      code: 'USAGE',
    };
  }
  if (isPromptEnd(error)) return { message: NOTHING_CHANGED, exitCode: ExitCode.interrupted, code: 'INTERRUPTED' };
  if (error instanceof Error && error.name === 'AbortError') {
    return { message: 'Interrupted.', exitCode: ExitCode.interrupted, code: 'INTERRUPTED' };
  }
  const message = error instanceof Error ? error.message : String(error);
  return { message: `Unexpected error: ${message}`, exitCode: ExitCode.unexpected, code: 'UNEXPECTED' };
}

/** commander's parse errors, told by their code so this module does not load commander (direct.ts runs without it). */
function isCommanderError(error: unknown): error is Error & { code: string } {
  const code = (error as { code?: unknown } | null)?.code;
  return error instanceof Error && typeof code === 'string' && code.startsWith('commander.');
}
