import { Command } from 'commander';
import type { AppHandle } from '../../src/commands/command-kit.js';
import type { Context } from '../../src/context.js';

type Register<T> = (program: Command, app: AppHandle, run: (opts: T, ctx: Context) => Promise<number>) => void;

/** Parses a command line through a command's real registration; `run` captures the options instead of running. */
export async function parseFlags<T>(register: Register<T>, argv: string[]): Promise<T> {
  let captured: T | undefined;
  const program = new Command('fbtok').exitOverride();
  const app: AppHandle = { run: async (body) => void (await body({} as Context)) };
  register(program, app, async (opts) => {
    captured = opts;
    return 0;
  });
  program.commands.forEach((c) => c.exitOverride());
  await program.parseAsync(argv, { from: 'user' });
  if (captured === undefined) throw new Error('run was never called');
  return captured;
}
