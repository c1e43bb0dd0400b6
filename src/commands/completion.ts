import type { Command } from 'commander';
import { notYet, withExamples, type AppHandle } from './command-kit.js';

export function registerCompletion(program: Command, app: AppHandle): void {
  const command = program.command('completion <shell>').description('Print a shell completion script (bash, zsh, fish)');
  withExamples(command, ['source <(fbtok completion bash)', 'fbtok completion fish > ~/.config/fish/completions/fbtok.fish']);
  command.action(async () => app.run(async () => {
    throw notYet('completion');
  }));
}
