import { Help, type Command } from 'commander';
import type { AppHandle } from './command-kit.js';
import { COMMANDS } from './manifest.js';

/**
 * Registers the command this run invokes (all of them for `completion`, which describes the whole
 * tree), and a light placeholder for every other one so the root --help still lists them.
 */
export async function registerCommands(program: Command, app: AppHandle, argv: readonly string[] | 'all'): Promise<void> {
  const wanted = argv === 'all' ? undefined : invokedCommand(program, argv);
  const loadAll = argv === 'all' || wanted === 'completion';
  const terms = new Map<Command, string>();
  for (const entry of COMMANDS) {
    if (program.commands.some((c) => c.name() === entry.name)) continue;
    if (loadAll || entry.name === wanted) {
      (await entry.load())(program, app);
      program.commands.find((c) => c.name() === entry.name)?.description(entry.description);
      continue;
    }
    const placeholder = program
      .command(entry.name, { hidden: entry.hidden })
      .description(entry.description)
      .allowUnknownOption()
      .allowExcessArguments();
    terms.set(placeholder, entry.term);
  }
  const help = new Help();
  program.configureHelp({ ...program.configureHelp(), subcommandTerm: (cmd) => terms.get(cmd) ?? help.subcommandTerm(cmd) });
}

/** The first word that is not a global option or its value; `help X` means X. */
export function invokedCommand(program: Command, argv: readonly string[]): string | undefined {
  const takesValue = new Set(program.options.filter((o) => o.required || o.optional).flatMap((o) => [o.long, o.short]).filter(Boolean));
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--') return undefined;
    if (arg.startsWith('-')) {
      if (takesValue.has(arg)) i++;
      continue;
    }
    if (arg === 'help') return argv.slice(i + 1).find((a) => !a.startsWith('-'));
    return arg;
  }
  return undefined;
}
