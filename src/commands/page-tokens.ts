import type { Command } from 'commander';
import { collect, notYet, withExamples, type AppHandle } from './command-kit.js';

export function registerPageTokens(program: Command, app: AppHandle): void {
  const command = program.command('page-tokens').description('Store a token for every Page the user manages');
  const o = command.option.bind(command) as (...args: unknown[]) => Command;
  o('--token-stdin', 'use a user token from stdin instead of the stored one');
  o('--page <id>', 'only this Page (repeatable)', collect, []);
  o('--no-save', 'print only; store nothing');
  withExamples(command, ['fbtok page-tokens', 'fbtok page-tokens --page 1234567890 --json']);
  command.action(async () => app.run(async () => {
    throw notYet('page-tokens');
  }));
  void collect;
}
