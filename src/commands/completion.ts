import type { Command } from 'commander';
import type { Context } from '../context.js';
import { withExamples, type AppHandle } from './command-kit.js';
import { UsageError } from '../errors.js';
import { completionScript, SHELLS, type Shell } from '../io/completion-scripts.js';

/** Commands whose argument is a stored token name. */
const NAME_COMMANDS = ['debug-token', 'rotate', 'token get', 'token delete', 'token export'];

export function registerCompletion(program: Command, app: AppHandle): void {
  const command = program.command('completion <shell>');
  withExamples(command, ['source <(fbtok completion bash)', 'fbtok completion fish > ~/.config/fish/completions/fbtok.fish']);
  command.action(async (shell: string) => app.run((ctx) => runCompletion({ shell, program }, ctx)));
}

/** Hidden helper the scripts call: stored token names, read from the index only (no secret, no network). */
export function registerCompleteNames(program: Command, app: AppHandle): void {
  program.command('__complete-names', { hidden: true }).action(async () => app.run((ctx) => runCompleteNames(ctx)));
}

export async function runCompletion(opts: { shell: string; program: Command }, ctx: Context): Promise<number> {
  if (!(SHELLS as readonly string[]).includes(opts.shell)) {
    throw new UsageError(`Unknown shell "${opts.shell}".`, `Use one of: ${SHELLS.join(', ')}.`);
  }
  const commands = opts.program.commands.filter((c) => !(c as unknown as { _hidden?: boolean })._hidden);
  const tree = commands.map((c) => ({
    name: c.name(),
    subcommands: c.commands.map((s) => s.name()),
    options: c.options.map((o) => o.long).filter((l): l is string => Boolean(l)),
  }));
  const globalOptions = opts.program.options.map((o) => o.long).filter((l): l is string => Boolean(l));
  ctx.io.out(completionScript(opts.shell as Shell, { tree, globalOptions, nameCommands: NAME_COMMANDS }));
  return 0;
}

export async function runCompleteNames(ctx: Context): Promise<number> {
  try {
    const store = await ctx.store();
    for (const name of (await store.list()).map((r) => r.name).sort()) ctx.io.out(name);
  } catch {
    // Completion must never print errors into the user's prompt.
  }
  return 0;
}
