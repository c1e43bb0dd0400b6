// Questions for people, with @inquirer/prompts. Every way out of a question that is not an answer (Ctrl-C,
// Ctrl-D, the terminal going away, an aborted run) is a CancelledError (exit 130, "Nothing changed."), so a
// command never mistakes it for an answer and a process never ends with a question still pending.
import { CancelledError, NOTHING_CHANGED, needsInput } from '../errors.js';
import { openControllingTerminal, promptInput, type TerminalState } from './controlling-terminal.js';

export interface Choice {
  value: string;
  name?: string;
  checked?: boolean;
}

/** Questions for people; every method fails with a usage error (naming `howToProvide`) when there is no terminal to ask on. */
export interface Prompter {
  input(message: string, howToProvide: string, defaultValue?: string): Promise<string>;
  password(message: string, howToProvide: string): Promise<string>;
  confirm(message: string, howToProvide: string, defaultValue?: boolean): Promise<boolean>;
  checkbox(message: string, choices: Choice[], howToProvide: string): Promise<string[]>;
}

export interface PrompterDeps {
  io: TerminalState & { readonly stdin: NodeJS.ReadableStream; readonly stderr: NodeJS.WritableStream };
  /** The run's Ctrl-C (SIGINT outside raw mode): ends a pending question too. */
  signal?: AbortSignal;
  /** For tests: whether /dev/tty opens. */
  probeTerminal?: () => boolean;
}

type Lib = typeof import('@inquirer/prompts');
type PromptContext = { input: NodeJS.ReadableStream; output: NodeJS.WritableStream; signal: AbortSignal };

export function createPrompter(deps: PrompterDeps): Prompter {
  const { io } = deps;
  async function ask<T>(what: string, how: string, run: (lib: Lib, context: PromptContext) => Promise<T>): Promise<T> {
    const where = promptInput(io, deps.probeTerminal);
    if (!where) throw needsInput(what, how);
    // @inquirer/prompts is heavy; load it only when a question is really asked.
    const lib = await import('@inquirer/prompts');
    const input = where === 'stdin' ? io.stdin : await openControllingTerminal();
    const stop = new AbortController();
    const cancel = () => stop.abort();
    // Ctrl-D: readline closes on it, and inquirer then waits for ever (the process would end with exit 0
    // and the question unanswered). An ended terminal is the same.
    const onKey = (_s: unknown, key?: { ctrl?: boolean; name?: string }) => {
      if (key?.ctrl && key.name === 'd') cancel();
    };
    input.on('keypress', onKey);
    input.once('end', cancel);
    input.once('close', cancel);
    deps.signal?.addEventListener('abort', cancel);
    try {
      return await run(lib, { input, output: io.stderr, signal: stop.signal });
    } catch (error) {
      if (isPromptEnd(error)) throw new CancelledError(NOTHING_CHANGED);
      throw error;
    } finally {
      input.removeListener('keypress', onKey);
      input.removeListener('end', cancel);
      input.removeListener('close', cancel);
      deps.signal?.removeEventListener('abort', cancel);
      if (where === 'controlling-terminal') (input as NodeJS.ReadableStream & { destroy(): void }).destroy();
    }
  }
  return {
    input: (message, how, defaultValue) => ask(message, how, (lib, c) => lib.input({ message, default: defaultValue }, c as never)),
    password: (message, how) => ask(message, how, (lib, c) => lib.password({ message, mask: '*' }, c as never)),
    confirm: (message, how, defaultValue = false) => ask(message, how, (lib, c) => lib.confirm({ message, default: defaultValue }, c as never)),
    checkbox: (message, choices, how) =>
      ask(message, how, (lib, c) => lib.checkbox({ message, choices: choices.map((ch) => ({ ...ch, name: ch.name ?? ch.value })) }, c as never)),
  };
}

/** inquirer's ways out of a question: Ctrl-C (ExitPromptError), our abort (AbortPromptError), a cancel. */
export function isPromptEnd(error: unknown): boolean {
  const name = (error as { name?: unknown } | null)?.name;
  return name === 'ExitPromptError' || name === 'AbortPromptError' || name === 'CancelPromptError';
}
