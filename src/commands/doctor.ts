import type { Command } from 'commander';
import { collect, notYet, withExamples, type AppHandle } from './command-kit.js';

export function registerDoctor(program: Command, app: AppHandle): void {
  const command = program.command('doctor').description('Check config, store, clock, connectivity, tokens and Messenger readiness');
  const o = command.option.bind(command) as (...args: unknown[]) => Command;
  o('--fix-subscriptions', 'subscribe the app to each Page\'s webhooks');
  o('--fields <list>', 'webhook fields for --fix-subscriptions (default messages)');
  withExamples(command, ['fbtok doctor', 'fbtok doctor --fix-subscriptions --fields messages,messaging_postbacks']);
  command.action(async () => app.run(async () => {
    throw notYet('doctor');
  }));
  void collect;
}
