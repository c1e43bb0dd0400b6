import type { Command } from 'commander';
import { notYet, withExamples, type AppHandle } from './command-kit.js';

export function registerToken(program: Command, app: AppHandle): void {
  const token = program.command('token').description('List, print, import, delete and export stored tokens');
  withExamples(token.command('list').description('every stored token (no secrets)'), ['fbtok token list --json']).action(
    async () => app.run(async () => { throw notYet('token list'); }),
  );
  withExamples(token.command('get <name>').description('print the raw token (for scripts)'), ['curl -G -d access_token="$(fbtok token get page:1234567890)" ...']).action(
    async () => app.run(async () => { throw notYet('token get'); }),
  );
  withExamples(
    token
      .command('import')
      .description('store a token from elsewhere (Graph API Explorer, a teammate), read from stdin')
      .option('--token-stdin', 'read the token from stdin')
      .option('--name <name>', 'name to store it under (default from its type)')
      .option('--force', 'replace an existing token of that name'),
    ['pbpaste | fbtok token import --token-stdin', 'fbtok token import --token-stdin --name system-user:ci < token.txt'],
  ).action(async () => app.run(async () => { throw notYet('token import'); }));
  withExamples(token.command('delete <name>').description('delete a stored token'), ['fbtok token delete page:1234567890']).action(
    async () => app.run(async () => { throw notYet('token delete'); }),
  );
  withExamples(
    token
      .command('export [names...]')
      .description('print tokens for another tool: env, dotenv, json or GitHub Actions')
      .option('--format <format>', 'env | dotenv | json | github', 'env')
      .option('--env', 'with --format github: append to $GITHUB_ENV instead of $GITHUB_OUTPUT'),
    ['fbtok token export page:1234567890 --format dotenv >> .env', 'fbtok token export --format github'],
  ).action(async () => app.run(async () => { throw notYet('token export'); }));
}
