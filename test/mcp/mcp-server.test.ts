// `fbtok mcp` driven by the official MCP SDK's own client over stdio, the built CLI as the server, the
// emulator behind it. Canary secrets are in every stored secret: no tool may ever return one.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client } from '@modelcontextprotocol/client';
import { StdioClientTransport } from '@modelcontextprotocol/client/stdio';
import { startEmulator, type Emulator } from '../../src/emulator/index.js';
import { CLI, runCli, tempConfigDir } from '../helpers/run-cli.js';

const APP_SECRET = 'CANARYappsecret0a1b2c3d4e5f60718293';
const CLIENT_TOKEN = 'CANARYclienttoken9f8e7d6c5b4a3';
const PASSPHRASE = 'CANARYpassphrase-correct-horse-battery';
const READ_TOOLS = ['debug_token', 'doctor', 'graph_get', 'log', 'page_list', 'status'];

// Each test starts fbtok several times (each run bounded by its own timeouts): the test's bound is their sum.
const STEPS = { timeout: 240_000 };

describe('fbtok mcp (the SDK client over stdio)', () => {
  let emu: Emulator;
  let dir: ReturnType<typeof tempConfigDir>;
  let env: Record<string, string>;
  let secrets: string[];

  beforeAll(async () => {
    emu = await startEmulator({ appSecret: APP_SECRET, clientToken: CLIENT_TOKEN, pages: [{ id: '701', name: 'Corner Shop' }, { id: '702', name: 'Night Shop' }] });
    dir = tempConfigDir();
    env = {
      FBTOK_CONFIG_DIR: dir.dir, FBTOK_STORE: 'file', FBTOK_STORE_PASSPHRASE: PASSPHRASE, FBTOK_GRAPH_URL: emu.url, FBTOK_WWW_URL: emu.url,
      PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', LANG: 'C.UTF-8',
    };
    const run = async (args: string[], input?: string) => {
      const r = await runCli(args, { env, input });
      if (r.code !== 0) throw new Error(`fbtok ${args.join(' ')}: ${r.code} ${r.stderr}`);
      return r;
    };
    await run(['config', 'set', 'app-id', emu.appId]);
    await run(['config', 'set', 'app-secret', '--stdin'], APP_SECRET);
    await run(['config', 'set', 'client-token', '--stdin'], CLIENT_TOKEN);
    const user = emu.issueUserToken({ lifetime: 'long' });
    await run(['token', 'import', '--token-stdin'], user);
    await run(['page-tokens']);
    const pageTokens = await Promise.all(['701', '702'].map(async (id) => (await run(['token', 'get', `page:${id}`])).stdout.trim()));
    secrets = [APP_SECRET, CLIENT_TOKEN, PASSPHRASE, user, ...pageTokens, ...emu.pages.map((p) => emu.pageTokenFor(user, p.id))];
  }, 240_000);
  afterAll(async () => {
    await emu?.close();
    dir?.remove();
  });

  async function connect(args: string[] = []): Promise<Client> {
    const client = new Client({ name: 'fbtok-test', version: '1.0.0' });
    await client.connect(new StdioClientTransport({ command: process.execPath, args: [CLI, 'mcp', ...args], env, stderr: 'ignore' }));
    return client;
  }

  function expectNoSecret(text: string): void {
    for (const s of secrets) expect(text.includes(s), `a secret (${s.slice(0, 8)}...) in ${text.slice(0, 200)}`).toBe(false);
  }

  async function call(client: Client, name: string, args: Record<string, unknown> = {}): Promise<{ json: any; isError: boolean; text: string }> {
    const result = await client.callTool({ name, arguments: args });
    const text = JSON.stringify(result);
    expectNoSecret(text);
    const first = (result.content as Array<{ type: string; text: string }>)[0];
    return { json: JSON.parse(first.text), isError: Boolean(result.isError), text };
  }

  it('lists the read-only tools; write tools only with --allow-write', STEPS, async () => {
    const client = await connect();
    try {
      const { tools } = await client.listTools();
      expect(tools.map((t) => t.name).sort()).toEqual(READ_TOOLS);
      for (const t of tools) expect(t.annotations?.readOnlyHint, t.name).toBe(true);
    } finally {
      await client.close();
    }
    const writer = await connect(['--allow-write']);
    try {
      const names = (await writer.listTools()).tools.map((t) => t.name).sort();
      expect(names).toEqual([...READ_TOOLS, 'fix_subscriptions', 'rotate'].sort());
    } finally {
      await writer.close();
    }
  });

  it('each read tool answers the same JSON as the command with --json, and never a secret', STEPS, async () => {
    const client = await connect();
    try {
      const status = await call(client, 'status', { check: true });
      const cliStatus = JSON.parse((await runCli(['status', '--check', '--json'], { env })).stdout);
      expect(Object.keys(status.json).sort()).toEqual(Object.keys(cliStatus).sort());
      expect(status.json.tokens.map((t: { name: string }) => t.name)).toEqual(cliStatus.tokens.map((t: { name: string }) => t.name));
      expect(status.json.tokens.find((t: { name: string }) => t.name === 'page:701')).toMatchObject({ type: 'PAGE', checked: true });

      const debug = await call(client, 'debug_token', { name: 'page:701', require: ['pages_messaging'] });
      expect(debug.json).toMatchObject({ name: 'page:701', valid: true, type: 'PAGE', missingScopes: [] });
      const missing = await call(client, 'debug_token', { name: 'user', require: ['ads_management'] });
      expect(missing.json.missingScopes).toEqual(['ads_management']);
      expect(missing.text).toContain('exit code 4');

      const doctor = await call(client, 'doctor');
      expect(doctor.json).toHaveProperty('findings');

      const pages = await call(client, 'page_list');
      expect(pages.json).toEqual([
        { id: '701', name: 'Corner Shop', tasks: expect.any(Array), storedAs: 'page:701' },
        { id: '702', name: 'Night Shop', tasks: expect.any(Array), storedAs: 'page:702' },
      ]);

      const accounts = await call(client, 'graph_get', { path: 'me/accounts' });
      expect(accounts.json.data).toHaveLength(2);
      for (const p of accounts.json.data) expect(p.access_token).toMatch(/^\[token [0-9a-f]{12}\]$/);
      const paged = await call(client, 'graph_get', { path: 'me/accounts', params: { limit: '1', fields: 'id' }, paginate: true });
      expect(paged.json).toEqual([{ id: '701' }, { id: '702' }]);

      const log = await call(client, 'log', { limit: 5 });
      expect(Array.isArray(log.json)).toBe(true);
      expect(log.json.length).toBeGreaterThan(0);
    } finally {
      await client.close();
    }
  });

  it('hostile arguments get an error result, never a secret: a token in a path, the app token, unknown names', STEPS, async () => {
    const client = await connect();
    try {
      const inPath = await call(client, 'graph_get', { path: `/me?access_token=${secrets[3]}` });
      expect(inPath.isError).toBe(true);
      expect(inPath.json.error.exitCode).toBe(2);
      const tokenField = await call(client, 'graph_get', { path: '/debug_token', params: { input_token: 'x' } });
      expect(tokenField.isError).toBe(true);
      const asApp = await call(client, 'graph_get', { path: '/701', as: 'app', params: { fields: 'id,name,access_token' } });
      expect(asApp.text).not.toContain(APP_SECRET);
      const unknown = await call(client, 'debug_token', { name: 'page:999' });
      expect(unknown.isError).toBe(true);
      expect(unknown.json.error.exitCode).toBe(2);
      // Not offered without --allow-write: the SDK itself refuses the call.
      await expect(client.callTool({ name: 'rotate', arguments: {} })).rejects.toThrow(/rotate not found/);
    } finally {
      await client.close();
    }
  });

  it('with --allow-write: rotate says what it changed; fix_subscriptions reports each Page', STEPS, async () => {
    const client = await connect(['--allow-write']);
    try {
      const dry = await call(client, 'rotate', { within: '70d', dry_run: true });
      expect(JSON.stringify(dry.json)).toMatch(/page:701|user/);
      const fix = await call(client, 'fix_subscriptions', { fields: ['messages'] });
      expect(fix.json).toHaveProperty('findings');
      expect(emu.subscribedApps('701').length + emu.subscribedApps('702').length).toBeGreaterThanOrEqual(2);
    } finally {
      await client.close();
    }
  });
});
