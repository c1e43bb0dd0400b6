import type { Command } from 'commander';
import type { Context } from '../context.js';
import { printJson, withExamples, type AppHandle } from './command-kit.js';
import { UsageError } from '../errors.js';
import { completionScript, SHELLS, type CompletionArgument, type CompletionCommand, type Shell } from '../io/completion-scripts.js';
import { SETTING_KEYS } from '../config/config-file.js';
import { STORE_KINDS } from '../config/profile.js';
import { SECRET_KEYS } from './config.js';

/** What commands' first arguments complete to: a stored token name, or a setting. */
const ARGUMENTS: CompletionArgument[] = [
  ...['debug-token', 'rotate', 'token get', 'token delete', 'token export'].map((command) => ({ command })),
  { command: 'config get', words: [...SETTING_KEYS, ...SECRET_KEYS] },
  { command: 'config set', words: [...SETTING_KEYS, ...SECRET_KEYS] },
  { command: 'completion', words: [...SHELLS] },
];

export function registerCompletion(program: Command, app: AppHandle): void {
  const command = program.command('completion <shell>');
  withExamples(command, ['source <(fbtok completion bash)', 'source <(fbtok completion zsh)', 'fbtok completion fish > ~/.config/fish/completions/fbtok.fish']);
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
  // An option that takes a value in one command and none in another (`--env`) is left out: the scripts
  // would otherwise swallow the word after a flag.
  const valueOptions = new Set<string>();
  const flagOptions = new Set<string>();
  const fileOptions = new Set<string>();
  const longOptions = (command: Command) =>
    command.options.flatMap((o) => {
      if (!o.long) return [];
      (o.required || o.optional ? valueOptions : flagOptions).add(o.long);
      // A value named <file> or <path> in the option's flags is a file name.
      if (/<(file|path)>|\[(file|path)\]/.test(o.flags)) fileOptions.add(o.long);
      return [o.long];
    });
  const visible = (command: Command) => command.commands.filter((c) => !(c as unknown as { _hidden?: boolean })._hidden);
  const describe = (command: Command): CompletionCommand => ({
    name: command.name(),
    description: command.description(),
    options: longOptions(command),
    subcommands: visible(command).map(describe),
  });
  const tree = visible(opts.program).map(describe);
  const globalOptions = longOptions(opts.program);
  const model = {
    tree,
    globalOptions,
    valueOptions: [...valueOptions].filter((o) => !flagOptions.has(o)).sort(),
    fileOptions: [...fileOptions].sort(),
    arguments: ARGUMENTS,
    fileCommands: ['scan', 'exec'],
    optionWords: { '--store': [...STORE_KINDS, 'helper:'] },
    assignOptions: [{ command: 'exec', option: '--env' }],
  };
  const script = completionScript(opts.shell as Shell, model);
  if (ctx.globals.json) printJson(ctx, { shell: opts.shell, script });
  else ctx.io.out(script);
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
