// fbtok profile list / use / delete, end to end on the file store against the emulator.
import { afterEach, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setUp, type Fixture } from './token-fixture.js';

// Each test starts fbtok several times (each run bounded by its own timeouts): the test's bound is their sum.
const STEPS = { timeout: 240_000 };

describe('fbtok profile', () => {
  let f: Fixture | undefined;
  afterEach(async () => {
    await f?.close();
    f = undefined;
  });

  // The fixture sets FBTOK_APP_ID for every run; profiles are told apart by their saved settings here.
  const cli = (args: string[], input?: string) => f!.cli(args, { input, env: { FBTOK_APP_ID: undefined } });

  it('list shows each profile with its app id, store and token count; use makes one the default everywhere', STEPS, async () => {
    f = await setUp({ pages: 1 });
    const work = f.emu.issueUserToken({ lifetime: 'long' });
    const home = f.emu.issueUserToken({ lifetime: 'long' });
    expect((await cli(['config', 'set', 'app-id', f.emu.appId])).code).toBe(0);
    expect((await cli(['--profile', 'work', 'config', 'set', 'app-id', f.emu.appId])).code).toBe(0);
    expect((await cli(['--profile', 'work', 'token', 'import', '--token-stdin'], work)).code).toBe(0);
    expect((await cli(['token', 'import', '--token-stdin'], home)).code).toBe(0);

    const listed = JSON.parse((await cli(['profile', 'list', '--json'])).stdout);
    expect(listed).toEqual([
      { name: 'default', isDefault: true, active: true, appId: f.emu.appId, store: 'file', tokens: 1, storeError: null },
      { name: 'work', isDefault: false, active: false, appId: f.emu.appId, store: 'file', tokens: 1, storeError: null },
    ]);

    const use = await cli(['profile', 'use', 'work']);
    expect(use.code, use.stderr).toBe(0);
    expect(use.stderr).toContain('Commands now use profile "work" (was "default")');
    expect(JSON.parse(readFileSync(join(f.env.FBTOK_CONFIG_DIR, 'config.json'), 'utf8')).defaultProfile).toBe('work');
    // Every path reads the saved default: the full CLI, and token get's fast path.
    expect((await cli(['config', 'set', 'graph-version', 'v24.0'])).code).toBe(0);
    expect((await cli(['--profile', 'work', 'config', 'get', 'graph-version'])).stdout.trim()).toBe('v24.0');
    expect((await cli(['--profile', 'default', 'config', 'get', 'graph-version'])).stdout.trim()).toBe('v26.0');
    expect((await cli(['token', 'get', 'user'])).stdout.trim()).toBe(work);
    // --profile and FBTOK_PROFILE still win.
    expect((await cli(['--profile', 'default', 'token', 'get', 'user'])).stdout.trim()).toBe(home);
    expect((await f.cli(['token', 'get', 'user'], { env: { FBTOK_PROFILE: 'default' } })).stdout.trim()).toBe(home);
    const table = await cli(['profile', 'list']);
    expect(table.stdout).toMatch(/^PROFILE\s+DEFAULT\s+APP ID\s+STORE\s+TOKENS\ndefault\s+no\s+\d+\s+file\s+1\nwork\s+yes\s+\d+\s+file\s+1\n$/);
    // config set keeps the saved default.
    expect((await cli(['config', 'set', 'graph-version', 'v25.0'])).code).toBe(0);
    expect(JSON.parse(readFileSync(join(f.env.FBTOK_CONFIG_DIR, 'config.json'), 'utf8')).defaultProfile).toBe('work');
  });

  it('use of an unknown profile is exit 2 with how to set it up; nothing is written', STEPS, async () => {
    f = await setUp();
    const r = await cli(['profile', 'use', 'nope']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('fbtok --profile nope config set app-id');
    expect((await cli(['profile', 'use', '../etc'])).code).toBe(2);
    expect(() => readFileSync(join(f!.env.FBTOK_CONFIG_DIR, 'config.json'))).toThrow();
  });

  it('delete asks (exit 2 naming --yes without a terminal), then removes settings and tokens, and the saved default', STEPS, async () => {
    f = await setUp();
    expect((await cli(['--profile', 'old', 'config', 'set', 'app-id', f.emu.appId])).code).toBe(0);
    expect((await cli(['--profile', 'old', 'token', 'import', '--token-stdin'], f.emu.issueUserToken())).code).toBe(0);
    expect((await cli(['profile', 'use', 'old'])).code).toBe(0);
    const refused = await cli(['profile', 'delete', 'old']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('--yes');
    expect(JSON.parse((await cli(['profile', 'list', '--json'])).stdout).map((p: { name: string }) => p.name)).toContain('old');
    const r = await cli(['profile', 'delete', 'old', '--yes', '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ name: 'old', settingsDeleted: true, tokensDeleted: ['user'], defaultProfile: 'default' });
    expect(JSON.parse((await cli(['profile', 'list', '--json'])).stdout).map((p: { name: string }) => p.name)).toEqual(['default']);
    expect((await cli(['--profile', 'old', 'token', 'list', '--json'])).stdout.trim()).toBe('[]');
  });
});
