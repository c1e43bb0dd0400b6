import type { Command } from 'commander';
import { collect, notYet, withExamples, type AppHandle } from './command-kit.js';

export function registerExchangeLongLived(program: Command, app: AppHandle): void {
  const command = program.command('exchange-long-lived').description('Exchange a short-lived user token for a ~60-day one');
  const o = command.option.bind(command) as (...args: unknown[]) => Command;
  o('--token-stdin', 'read the token from stdin');
  o('--from <name>', 'stored token to exchange (default user)');
  o('--save <name>', 'name to store the result under (default user)');
  withExamples(command, ['fbtok exchange-long-lived', 'pbpaste | fbtok exchange-long-lived --token-stdin']);
  command.action(async () => app.run(async () => {
    throw notYet('exchange-long-lived');
  }));
  void collect;
}
