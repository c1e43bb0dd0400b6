import type { Command } from 'commander';
import { collect, notYet, withExamples, type AppHandle } from './command-kit.js';

export function registerScan(program: Command, app: AppHandle): void {
  const command = program.command('scan [paths...]').description('Find hard-coded Facebook tokens and app secrets in files');
  const o = command.option.bind(command) as (...args: unknown[]) => Command;
  o('--staged', 'scan what git would commit (for a pre-commit hook)');
  o('--check', 'ask debug_token which found tokens are live');
  withExamples(command, ['fbtok scan .', 'fbtok scan --staged', 'fbtok scan src --check --json']);
  command.action(async () => app.run(async () => {
    throw notYet('scan');
  }));
  void collect;
}
