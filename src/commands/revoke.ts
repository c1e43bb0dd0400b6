import type { Command } from 'commander';
import { collect, notYet, withExamples, type AppHandle } from './command-kit.js';

export function registerRevoke(program: Command, app: AppHandle): void {
  const command = program.command('revoke').description('De-authorize the app for the user, or remove one permission');
  const o = command.option.bind(command) as (...args: unknown[]) => Command;
  o('--permission <name>', 'remove only this permission');
  o('--yes', 'do not ask for confirmation');
  withExamples(command, ['fbtok revoke --yes', 'fbtok revoke --permission pages_messaging']);
  command.action(async () => app.run(async () => {
    throw notYet('revoke');
  }));
  void collect;
}
