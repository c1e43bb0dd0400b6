import type { Command } from 'commander';
import { collect, notYet, withExamples, type AppHandle } from './command-kit.js';

export function registerDebugToken(program: Command, app: AppHandle): void {
  const command = program.command('debug-token [name]').description('Explain a token: validity, owner, permissions, expiry, and what to do');
  const o = command.option.bind(command) as (...args: unknown[]) => Command;
  o('--token-stdin', 'read the token from stdin');
  o('--all', 'every stored token (batched)');
  o('--require <scopes>', 'exit 4 when any of these permissions is missing');
  withExamples(command, ['fbtok debug-token', 'fbtok debug-token page:1234567890 --require pages_messaging', 'fbtok debug-token --all --json']);
  command.action(async () => app.run(async () => {
    throw notYet('debug-token');
  }));
  void collect;
}
