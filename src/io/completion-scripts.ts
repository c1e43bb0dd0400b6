// Shell completion scripts, generated from the program's own command tree so they never drift.
// bash and zsh share one function (zsh runs it through bashcompinit); fish gets native `complete` lines.
// All three find the command the same way: positional words, skipping options and the values of options
// that take one (`fbtok --profile work token get <TAB>` completes token names, not commands).

import { bashCompletion } from './completion-bash.js';
import { fishCompletion } from './completion-fish.js';

export const SHELLS = ['bash', 'zsh', 'fish'] as const;
export type Shell = (typeof SHELLS)[number];

export interface CompletionCommand {
  name: string;
  description: string;
  /** Long options, e.g. `--json`. */
  options: string[];
  subcommands: CompletionCommand[];
}

export interface CompletionModel {
  tree: CompletionCommand[];
  globalOptions: string[];
  /** Long options (global or not) that take a value: the word after them is that value. */
  valueOptions: string[];
  /** Of those, the ones whose value is a file name (`exec --dotenv <file>`). */
  fileOptions: string[];
  /** What a command's first argument completes to: stored token names, or fixed words (config keys). */
  arguments: CompletionArgument[];
  /** Commands whose arguments are file names (`scan`, `exec`); fish completes files nowhere else. */
  fileCommands: string[];
  /** Fixed values of value options, e.g. `--store`: keychain, file, helper:. */
  optionWords: Record<string, string[]>;
  /** Options whose value is NAME=<stored token> (`exec --env`): the part after '=' completes to token names. */
  assignOptions: Array<{ command: string; option: string }>;
}

/** Options offered only before a command: `--version` after a subcommand would be ignored. */
export const TOP_LEVEL_ONLY = ['--version'];

export interface CompletionArgument {
  /** 'debug-token' or 'token get'. */
  command: string;
  /** undefined: the stored token names (`fbtok __complete-names`, read from the index only). */
  words?: string[];
}

export function completionScript(shell: Shell, model: CompletionModel): string {
  if (shell === 'bash') return bashCompletion(model);
  if (shell === 'zsh') return `# fbtok completion for zsh: source <(fbtok completion zsh), after compinit\nautoload -U +X bashcompinit && bashcompinit\n${bashCompletion(model)}`;
  return fishCompletion(model);
}
