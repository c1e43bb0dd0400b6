import type { Command } from 'commander';
import { collect, notYet, withExamples, type AppHandle } from './command-kit.js';

export function registerEmulator(program: Command, app: AppHandle): void {
  const command = program.command('emulator').description('Run a local Graph API emulator for offline development and tests');
  const o = command.option.bind(command) as (...args: unknown[]) => Command;
  o('--port <port>', 'port on 127.0.0.1 (default random)');
  withExamples(command, ['fbtok emulator --port 8787']);
  command.action(async () => app.run(async () => {
    throw notYet('emulator');
  }));
  void collect;
}
