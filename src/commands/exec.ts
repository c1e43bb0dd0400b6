import type { Command } from 'commander';
import { collect, notYet, withExamples, type AppHandle } from './command-kit.js';

export function registerExec(program: Command, app: AppHandle): void {
  const command = program
    .command('exec')
    .description('Run a program with tokens in its environment (never in argv or output)')
    .argument('<command...>', 'the program and its arguments, after --')
    .option('--env <NAME=TOKEN-NAME>', 'set NAME to a stored token (repeatable)', collect, [])
    .option('--env-file <path>', 'dotenv file whose fbtok://NAME values are resolved')
    .option('--app-secret-env <NAME>', 'also set NAME to the app secret')
    .option('--mask', 'replace handed-out secrets with <redacted> in the child\'s output')
    .option('--check', 'refuse to start with an invalid or soon-expiring token')
    .option('--min-valid <duration>', 'with --check: least time left (default 1d)')
    .option('--rotate-within <duration>', 'rotate what is due within this window first');
  withExamples(command, [
    'fbtok exec --env PAGE_ACCESS_TOKEN=page:1234567890 -- node bot.js',
    'fbtok exec --env-file .env --mask -- npm start',
  ]);
  command.action(async () => app.run(async () => {
    throw notYet('exec');
  }));
}
