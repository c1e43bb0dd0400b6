import type { Command } from 'commander';
import type { Context } from '../context.js';
import { FbtokError, ExitCode } from '../errors.js';

/** Gives commands the Context once the global options are parsed, and takes their exit code. */
export interface AppHandle {
  /** Runs a command body with the Context; its returned number becomes the exit code. */
  run(body: (ctx: Context) => Promise<RunResult>): Promise<void>;
}

/** What a command's run function returns: its exit code (0 when omitted). */
export type RunResult = number | void;

/** Appends an "Examples:" section to a command's --help. */
export function withExamples(command: Command, examples: string[]): Command {
  // commander ends each added text with a newline; the global options line follows after one blank line.
  return command.addHelpText('after', `\nExamples:\n${examples.map((e) => `  $ ${e}`).join('\n')}`);
}

/** Prints a value as --json on stdout. */
export function printJson(ctx: Context, value: unknown): void {
  ctx.io.out(JSON.stringify(value, null, 2));
}

export function notYet(name: string): FbtokError {
  return new FbtokError(`\`fbtok ${name}\` is not implemented yet.`, {
    code: 'NOT_IMPLEMENTED',
    exitCode: ExitCode.unexpected,
    remedy: 'Track progress in the project issues.',
  });
}

/** commander collects repeatable options with this. */
export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

/** Splits 'a,b, c' into ['a','b','c']. */
export function commaList(value: string): string[] {
  return value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}
