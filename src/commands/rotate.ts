import type { Command } from 'commander';
import { collect, notYet, withExamples, type AppHandle } from './command-kit.js';

export function registerRotate(program: Command, app: AppHandle): void {
  const command = program.command('rotate [names...]').description('Refresh tokens before they expire, verify, swap (cron- and CI-safe)');
  const o = command.option.bind(command) as (...args: unknown[]) => Command;
  o('--within <duration>', 'due when expiring within this window (default 10d)');
  o('--dry-run', 'say what would change, change nothing');
  o('--login', 'run a login for what only a login can renew');
  o('--device', 'with --login: use device login');
  o('--force', 'also refresh non-expiring system-user tokens named');
  withExamples(command, ['fbtok rotate', 'fbtok rotate --within 14d --json', 'fbtok rotate user --dry-run']);
  command.action(async () => app.run(async () => {
    throw notYet('rotate');
  }));
  void collect;
}
