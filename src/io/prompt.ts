import { needsInput } from '../errors.js';

export interface Choice {
  value: string;
  name?: string;
  checked?: boolean;
}

/** Questions for people; every method fails with a usage error (naming `howToProvide`) when stdin is not a TTY. */
export interface Prompter {
  input(message: string, howToProvide: string, defaultValue?: string): Promise<string>;
  password(message: string, howToProvide: string): Promise<string>;
  confirm(message: string, howToProvide: string, defaultValue?: boolean): Promise<boolean>;
  checkbox(message: string, choices: Choice[], howToProvide: string): Promise<string[]>;
}

export function createPrompter(interactive: boolean, streams: { input: NodeJS.ReadableStream; output: NodeJS.WritableStream }): Prompter {
  const ctx = { input: streams.input, output: streams.output } as never;
  const ensure = (what: string, how: string) => {
    if (!interactive) throw needsInput(what, how);
  };
  // @inquirer/prompts is heavy; load it only when a question is really asked.
  const lib = () => import('@inquirer/prompts');
  return {
    async input(message, how, defaultValue) {
      ensure(message, how);
      return (await lib()).input({ message, default: defaultValue }, ctx);
    },
    async password(message, how) {
      ensure(message, how);
      return (await lib()).password({ message, mask: '*' }, ctx);
    },
    async confirm(message, how, defaultValue = false) {
      ensure(message, how);
      return (await lib()).confirm({ message, default: defaultValue }, ctx);
    },
    async checkbox(message, choices, how) {
      ensure(message, how);
      return (await lib()).checkbox({ message, choices: choices.map((c) => ({ ...c, name: c.name ?? c.value })) }, ctx);
    },
  };
}
