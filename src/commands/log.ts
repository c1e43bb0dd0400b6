import type { Command } from 'commander';
import { collect, notYet, withExamples, type AppHandle } from './command-kit.js';

export function registerLog(program: Command, app: AppHandle): void {
  const command = program.command('log').description('Show the audit log of changes to the token store');
  const o = command.option.bind(command) as (...args: unknown[]) => Command;
  o('--limit <n>', 'show only the last n entries');
  withExamples(command, ['fbtok log', 'fbtok log --json']);
  command.action(async () => app.run(async () => {
    throw notYet('log');
  }));
  void collect;
}
