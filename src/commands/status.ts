import type { Command } from 'commander';
import { collect, notYet, withExamples, type AppHandle } from './command-kit.js';

export function registerStatus(program: Command, app: AppHandle): void {
  const command = program.command('status').description('Where tokens are stored and how long each has left');
  const o = command.option.bind(command) as (...args: unknown[]) => Command;
  o('--check', 'validate online (batched debug_token)');
  o('--fail-within <duration>', 'exit 8 when any token expires within this window');
  withExamples(command, ['fbtok status', 'fbtok status --fail-within 14d', 'fbtok status --check --json']);
  command.action(async () => app.run(async () => {
    throw notYet('status');
  }));
  void collect;
}
