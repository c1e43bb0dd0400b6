import { afterEach, describe, expect, it } from 'vitest';
import { parseLogFlags } from '../../src/commands/log.js';
import { expectNoSecrets, setUp, type Fixture } from './token-fixture.js';

describe('log', () => {
  let f: Fixture | undefined;
  afterEach(async () => {
    await f?.close();
    f = undefined;
  });

  it('an empty log says so', async () => {
    f = await setUp();
    const r = await f.cli(['log']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('empty');
    expect(await f.json(['log'])).toEqual([]);
  });

  it('shows each change with command, name, action, fingerprints and expiries, never a secret; --limit keeps the last n', async () => {
    f = await setUp();
    const short = f.emu.issueUserToken({ lifetime: 'short' });
    await f.importToken(short);
    expect((await f.cli(['exchange-long-lived'])).code).toBe(0);
    const long = (await f.cli(['token', 'get', 'user'])).stdout.trim();
    expect(long).toMatch(/^EAA/);
    expect((await f.cli(['token', 'delete', 'user'])).code).toBe(0);
    const entries = await f.json<Array<Record<string, unknown>>>(['log']);
    expect(entries.map((e) => [e.command, e.name, e.action, e.outcome])).toEqual([
      ['token import', 'user', 'put', 'stored'],
      ['exchange-long-lived', 'user', 'put', 'replaced'],
      ['token delete', 'user', 'delete', 'deleted'],
    ]);
    expect(entries[1].oldFingerprint).toBe(entries[0].newFingerprint);
    const human = await f.cli(['log']);
    expect(human.stdout).toMatch(/^TIME\s+COMMAND\s+NAME\s+ACTION\s+FINGERPRINT\s+EXPIRES$/m);
    expect(human.stdout).toMatch(new RegExp(`exchange-long-lived\\s+user\\s+put:replaced\\s+${entries[0].newFingerprint} -> ${entries[1].newFingerprint}\\s+\\S+Z -> \\S+Z`));
    expectNoSecrets(human, [short, long, f.emu.appSecret]);
    const last = await f.json<Array<Record<string, unknown>>>(['log', '--limit', '1']);
    expect(last.map((e) => e.command)).toEqual(['token delete']);
  });

  it('parses flags apart from running', () => {
    expect(parseLogFlags({ limit: '5' })).toEqual({ limit: 5 });
    expect(parseLogFlags({})).toEqual({});
    expect(() => parseLogFlags({ limit: '0' })).toThrow(/--limit/);
  });
});
