// examples/hooks: every recipe run as a deploy (or failure) hook of a real rotation, against stand-in
// executables that record argv and stdin. The token must arrive through stdin (or the .env file), never argv.
import { afterEach, describe, expect, it } from 'vitest';
import { createServer, type IncomingMessage } from 'node:http';
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse } from 'dotenv';
import { CLI } from '../helpers/run-cli.js';
import { requireBinary } from '../helpers/binaries.js';
import { seedUserAndPages, setUpRotation, type RotationFixture } from '../rotate/harness.js';
import { expectNoSecrets } from '../commands/token-fixture.js';
import { makeStandIns, type Call } from '../hooks/stand-in.js';

const RECIPES = resolve(import.meta.dirname, '../../examples/hooks');
const P1 = 'page:100000000000101';
const YAML = 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: fbtok-bot\n';
requireBinary('curl', 'curl');

describe('examples/hooks recipes', () => {
  let f: RotationFixture | undefined;
  afterEach(async () => {
    await f?.close();
    f = undefined;
  });

  async function setUp() {
    f = await setUpRotation({ extendLongLivedOnExchange: true });
    const dir = f.env.FBTOK_CONFIG_DIR;
    const s = makeStandIns(dir, ['gh', 'vault', 'aws', 'kubectl', 'systemctl'], { stdout: { kubectl: YAML } });
    // The dotenv recipe runs the real fbtok.
    writeFileSync(join(s.bin, 'fbtok'), `#!/bin/sh\nexec "${process.execPath}" "${CLI}" "$@"\n`);
    chmodSync(join(s.bin, 'fbtok'), 0o755);
    return { f, s, dir, path: `${s.bin}:${process.env.PATH}` };
  }

  const byTool = (calls: Call[], tool: string) => calls.filter((c) => c.tool === tool);

  it('a rotated Page token reaches GitHub, Vault, AWS, a Kubernetes Secret and the bot .env (then a reload), never through argv', async () => {
    const { f, s, dir, path } = await setUp();
    const user = await seedUserAndPages(f, 3);
    const envFile = join(dir, 'bot.env');
    writeFileSync(envFile, `# the bot\nVERIFY_TOKEN=abc\nFB_PAGE_100000000000101_ACCESS_TOKEN=${await f.get(P1)}\n`);
    const hooks = ['github-secret.sh', 'vault-kv.sh', 'aws-secretsmanager.sh', 'kubernetes-secret.sh', 'dotenv-reload.sh'].flatMap((r) => ['--deploy-hook', join(RECIPES, r)]);
    const r = await f.cli(['rotate', '--hook-env', `PAGE_ACCESS_TOKEN=${P1}`, ...hooks], {
      env: { PATH: path, GH_SECRET_NAME: 'FB_PAGE_TOKEN', AWS_SECRET_ID: 'bot/facebook', K8S_NAMESPACE: 'bots', TOKEN_NAME: P1, ENV_FILE: envFile, BOT_UNIT: 'messenger-bot.service' },
    });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('Ran 5 deploy hooks.');
    const page = await f.get(P1);
    const calls = s.calls();
    for (const c of calls) expect(c.argv.join(' ')).not.toContain(page);
    expectNoSecrets(r, [page, user]);

    expect(byTool(calls, 'gh').map((c) => [c.argv, c.stdin])).toEqual([[['secret', 'set', 'FB_PAGE_TOKEN'], page]]);
    expect(byTool(calls, 'vault').map((c) => [c.argv, c.stdin])).toEqual([[['kv', 'put', '-mount=secret', 'fbtok/bot', 'page_access_token=-'], page]]);
    expect(byTool(calls, 'aws').map((c) => [c.argv, c.stdin])).toEqual([[['secretsmanager', 'put-secret-value', '--secret-id', 'bot/facebook', '--secret-string', 'file:///dev/stdin'], page]]);
    expect(byTool(calls, 'kubectl').map((c) => [c.argv, c.stdin])).toEqual([
      [['create', 'secret', 'generic', 'fbtok-bot', '--namespace', 'bots', '--from-file=PAGE_ACCESS_TOKEN=/dev/stdin', '--dry-run=client', '-o', 'yaml'], page],
      [['apply', '--namespace', 'bots', '-f', '-'], YAML],
    ]);
    // The .env recipe: the new value in place, the other lines kept, then one reload.
    expect(readFileSync(envFile, 'utf8')).toBe(`# the bot\nVERIFY_TOKEN=abc\nFB_PAGE_100000000000101_ACCESS_TOKEN=${page}\n`);
    expect(parse(readFileSync(envFile))).toMatchObject({ FB_PAGE_100000000000101_ACCESS_TOKEN: page });
    expect(byTool(calls, 'systemctl').map((c) => c.argv)).toEqual([['reload', 'messenger-bot.service']]);
  });

  it('dotenv-reload: nothing when another token changed', async () => {
    const { f, s, dir, path } = await setUp();
    await seedUserAndPages(f, 3);
    const envFile = join(dir, 'bot.env');
    const r = await f.cli(['rotate', '--deploy-hook', join(RECIPES, 'dotenv-reload.sh')], { env: { PATH: path, TOKEN_NAME: 'page:999', ENV_FILE: envFile } });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('Ran 1 deploy hook.');
    expect(s.calls()).toEqual([]);
    expect(() => readFileSync(envFile)).toThrow();
  });

  it('dotenv-reload: no reload when the file already holds the value (the export exits 14)', async () => {
    const { f, s, dir, path } = await setUp();
    await seedUserAndPages(f, 3);
    const envFile = join(dir, 'bot.env');
    const before = `printf 'FB_PAGE_100000000000101_ACCESS_TOKEN=%s\\n' "$T" > '${envFile}'`;
    const r = await f.cli(['rotate', '--hook-env', `T=${P1}`, '--deploy-hook', before, '--deploy-hook', join(RECIPES, 'dotenv-reload.sh')], { env: { PATH: path, TOKEN_NAME: P1, ENV_FILE: envFile } });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('already holds FB_PAGE_100000000000101_ACCESS_TOKEN; nothing written.');
    expect(byTool(s.calls(), 'systemctl')).toEqual([]);
    expect(parse(readFileSync(envFile))).toEqual({ FB_PAGE_100000000000101_ACCESS_TOKEN: await f.get(P1) });
  });

  it('webhook-failure hands curl the webhook URL through stdin, not argv', async () => {
    const { f, dir } = await setUp();
    const s = makeStandIns(join(dir, 'curl'), ['curl']);
    const user = await seedUserAndPages(f, 3);
    f.emu.invalidateToken(user, 460);
    const url = 'https://hooks.slack.com/services/T000/B000/secret-part';
    const r = await f.cli(['rotate', '--failure-hook', join(RECIPES, 'webhook-failure.sh')], { env: { PATH: `${s.bin}:${process.env.PATH}`, WEBHOOK_URL: url } });
    expect(r.code, r.stderr).toBe(3);
    const [call] = s.calls();
    expect(call.stdin).toBe(`url = "${url}"\n`);
    expect(call.argv.join(' ')).not.toContain('secret-part');
  });

  it.each([
    ['slack', 'text'],
    ['discord', 'content'],
  ])('webhook-failure (%s): real curl posts the news of a dead token', async (kind, field) => {
    const { f, path } = await setUp();
    const user = await seedUserAndPages(f, 3);
    f.emu.invalidateToken(user, 460);
    const posts: Array<{ url: string; type: string; body: string }> = [];
    const server = createServer((req: IncomingMessage, res) => {
      let body = '';
      req.on('data', (d) => (body += d));
      req.on('end', () => {
        posts.push({ url: req.url ?? '', type: String(req.headers['content-type']), body });
        res.end('ok');
      });
    });
    await new Promise<void>((ready) => server.listen(0, '127.0.0.1', ready));
    try {
      const url = `http://127.0.0.1:${(server.address() as { port: number }).port}/services/T000/B000/secret-part`;
      const r = await f.cli(['rotate', '--failure-hook', join(RECIPES, 'webhook-failure.sh')], { env: { PATH: path, WEBHOOK_URL: url, WEBHOOK_KIND: kind } });
      expect(r.code, r.stderr).toBe(3);
      expect(r.stderr).toContain('Ran 1 failure hook.');
      expect(posts).toHaveLength(1);
      expect(posts[0]).toMatchObject({ url: '/services/T000/B000/secret-part', type: 'application/json' });
      const message = JSON.parse(posts[0].body)[field] as string;
      expect(message).toMatch(/^fbtok on .+, profile default: a token is invalid \(exit 3\)\. Invalid: .*\buser\b.*Run fbtok status --check, then fbtok login\.$/);
    } finally {
      server.close();
    }
  });
});
