import { describe, expect, it } from 'vitest';
import { checkTokens } from '../../src/doctor/token-check.js';
import { GraphError } from '../../src/graph/graph-error.js';
import { memoryStore, record, scriptedGraph } from './fakes.js';

const NOW = Date.UTC(2026, 10, 25, 12, 0, 0);
const DAY = 86_400_000;
const iso = (ms: number) => new Date(ms).toISOString();
const sec = (ms: number) => Math.floor(ms / 1000);
const vaultOf = (records: ReturnType<typeof record>[], secrets: Record<string, string>) => memoryStore(records, secrets).checkSecrets();

describe('checkTokens offline (from the records)', () => {
  const run = async (records: ReturnType<typeof record>[]) =>
    checkTokens({ store: memoryStore([], {}), vault: await vaultOf(records, Object.fromEntries(records.map((r) => [r.name, `EAAsecret-${r.name}`]))), nowMs: NOW, appId: '1234567890', offlineReason: 'Graph is unreachable' });

  it('fails (exit 8) within 3 days, warns within 14, ok beyond; data-access expiry counts too', async () => {
    const { findings } = await run([
      record('a', { expiresAt: iso(NOW + 2 * DAY) }),
      record('b', { expiresAt: iso(NOW + 10 * DAY) }),
      record('c', { expiresAt: iso(NOW + 20 * DAY) }),
      record('d', { expiresAt: null, dataAccessExpiresAt: iso(NOW + 13 * DAY) }),
      record('e', { expiresAt: iso(NOW + 3 * DAY + 60_000) }),
    ]);
    expect(findings.map((f) => [f.check, f.status, f.exitCode])).toEqual([
      ['token a', 'fail', 8], ['token b', 'warn', 0], ['token c', 'skip', 0], ['token d', 'warn', 0], ['token e', 'warn', 0],
    ]);
    expect(findings[0].message).toMatch(/^expires in 2d: USER token, expires in 2d, data access never \(from the record; Graph is unreachable\)$/);
    expect(findings[3].message).toMatch(/^loses data access in 13d/);
    // Not checked online, nothing wrong in the record: "not checked" with the reason, never "ok".
    expect(findings[2].message).toMatch(/^not checked: Graph is unreachable; the record says USER token, expires in 20d/);
    expect(findings[0].remedy).toContain('fbtok login');
  });

  it('an expired or marked-invalid record fails (exit 3) with the remedy for its subcode', async () => {
    const { findings } = await run([
      record('old', { expiresAt: iso(NOW - 3_600_000) }),
      record('page:1', { invalid: { code: 190, subcode: 460, message: 'Password changed.', at: iso(NOW) } }),
    ]);
    expect(findings[0]).toMatchObject({ status: 'fail', exitCode: 3, message: expect.stringContaining('[code 190/463]'), remedy: expect.stringContaining('expired') });
    expect(findings[1]).toMatchObject({ status: 'fail', exitCode: 3, message: expect.stringMatching(/^PAGE token is not valid: Password changed\./), remedy: expect.stringContaining('password changed') });
  });

  it('a record without its secret is a store failure (exit 7); no tokens at all is a warning', async () => {
    const records = [record('user'), record('ghost')];
    const { findings } = await checkTokens({ store: memoryStore(records, {}), vault: await vaultOf(records, { user: 'EAAx' }), nowMs: NOW });
    expect(findings[0]).toMatchObject({ check: 'token ghost', status: 'fail', exitCode: 7, remedy: expect.stringContaining('fbtok token delete ghost') });
    expect((await checkTokens({ store: memoryStore([], {}), vault: await vaultOf([], {}), nowMs: NOW })).findings).toEqual([expect.objectContaining({ check: 'tokens', status: 'warn' })]);
  });
});

describe('checkTokens online', () => {
  it('one batch for every token; what debug_token says wins over the record', async () => {
    const records = [record('user'), record('page:7'), record('other')];
    const g = scriptedGraph();
    g.expect('POST', '/batch', {
      data: [
        { data: { app_id: '1234567890', type: 'USER', is_valid: true, expires_at: sec(NOW + 59 * DAY), data_access_expires_at: sec(NOW + 89 * DAY), scopes: ['pages_messaging'] } },
        { data: { app_id: '1234567890', type: 'PAGE', is_valid: false, error: { code: 190, subcode: 492, message: 'Role lost.' }, scopes: [] } },
        { data: { app_id: '555', type: 'USER', is_valid: true, expires_at: 0, scopes: [] } },
      ],
    });
    const result = await checkTokens({ store: memoryStore([], {}), vault: await vaultOf(records, { user: 'EAAu', 'page:7': 'EAAp', other: 'EAAo' }), nowMs: NOW, appId: '1234567890', graph: g.graph, appToken: '1234567890|s' });
    g.done();
    expect(result.live.get('user')?.scopes).toEqual(['pages_messaging']);
    expect(result.secrets.get('page:7')).toBe('EAAp');
    expect(result.findings.map((f) => [f.check, f.status])).toEqual([['token user', 'ok'], ['token page:7', 'fail'], ['token other', 'ok'], ['token other', 'warn']]);
    expect(result.findings[0].message).toBe('valid USER token, expires in 59d, data access in 89d');
    expect(result.findings[1]).toMatchObject({ exitCode: 3, remedy: expect.stringContaining('lost their role') });
    expect(result.findings[3].message).toContain('belongs to app 555');
  });

  it('a failing batch is reported, and the records are judged offline', async () => {
    const records = [record('user')];
    const g = scriptedGraph();
    g.expect('POST', '/batch', new GraphError('Facebook: (#4) Application request limit reached', { kind: 'rate-limit', graphCode: 4 }));
    const { findings } = await checkTokens({ store: memoryStore([], {}), vault: await vaultOf(records, { user: 'EAAu' }), nowMs: NOW, graph: g.graph, appToken: 'a|b' });
    expect(findings.map((f) => [f.check, f.status, f.exitCode])).toEqual([['tokens', 'fail', 5], ['token user', 'skip', 0]]);
    expect(findings[1].message).toMatch(/^not checked: debug_token failed \(Facebook: \(#4\) Application request limit reached\); the record says/);
  });
});
