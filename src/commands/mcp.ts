import type { Command } from 'commander';
import { withExamples, type AppHandle } from './command-kit.js';

export function registerMcp(program: Command, app: AppHandle): void {
  const command = program.command('mcp');
  command.option('--allow-write', 'also offer tools that change the store (rotate, fix_subscriptions)');
  withExamples(command, ['fbtok mcp', 'claude mcp add fbtok -- fbtok mcp', 'fbtok --profile work mcp --allow-write']);
  command.action(async (flags: Record<string, unknown>) =>
    app.run(async (ctx) => (await import('../mcp/serve.js')).serveMcp({ allowWrite: Boolean(flags.allowWrite) }, ctx)));
}
