import type { Command } from 'commander';
import { collect, withExamples, type AppHandle } from './command-kit.js';
import type { ApiOptions } from '../api/run-api.js';

export function registerApi(program: Command, app: AppHandle): void {
  // `fbtok api [METHOD] PATH`: one or two words, as gh api takes them.
  const command = program.command('api <endpoint...>').usage('[options] [METHOD] PATH');
  command.option('--as <name>', 'the stored token to call as (default user; `app` for the app token)');
  command.option('--token-stdin', 'read the token from stdin');
  command.option('-X, --method <method>', 'GET, POST or DELETE (default GET; POST when fields are given)');
  command.option('-f, --raw-field <key=value>', 'a string field (repeatable; key[sub]=v builds JSON)', collect);
  command.option('-F, --field <key=value>', 'a typed field: true, false, null, numbers, @file, @- for stdin (repeatable)', collect);
  command.option('--paginate', 'follow paging.next and print every data item as one JSON array');
  command.option('--jsonl', 'with --paginate: one item per line');
  command.option('-i, --include', 'print the HTTP status and rate-limit usage headers on stderr');
  command.option('--dry-run', 'print the request (secrets redacted) and send nothing');
  command.option('--show-tokens', 'print tokens found in the answer instead of their fingerprints');
  withExamples(command, [
    'fbtok api /me',
    'fbtok api me/accounts --paginate --jsonl',
    'fbtok api /PAGE_ID/conversations --as page:PAGE_ID',
    'fbtok api POST /me/messages --as page:PAGE_ID -F recipient[id]=PSID -f message[text]=hello -f messaging_type=RESPONSE',
  ]);
  command.action(async (words: string[], flags: Record<string, unknown>) =>
    app.run(async (ctx) => (await import('../api/run-api.js')).runApi(parseApiFlags(words, flags), ctx)));
}

export function parseApiFlags(words: string[], flags: Record<string, unknown>): ApiOptions {
  return {
    words,
    method: flags.method === undefined ? undefined : String(flags.method),
    rawFields: (flags.rawField as string[] | undefined) ?? [],
    typedFields: (flags.field as string[] | undefined) ?? [],
    as: flags.as === undefined ? undefined : String(flags.as),
    tokenStdin: Boolean(flags.tokenStdin),
    paginate: Boolean(flags.paginate),
    jsonl: Boolean(flags.jsonl),
    include: Boolean(flags.include),
    dryRun: Boolean(flags.dryRun),
    showTokens: Boolean(flags.showTokens),
  };
}
