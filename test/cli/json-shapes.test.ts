// Every command's --json keeps the shape the README documents ("JSON output"): one vocabulary
// (`subjectId`, `valid`, `error {code, subcode, message}`), arrays stay arrays, renamed keys stay beside
// their new names. Run against the emulator with the built CLI, as scripts run it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setUp, type Fixture } from '../commands/token-fixture.js';

const RECORD = ['name', 'type', 'appId', 'subjectId', 'subjectName', 'scopes', 'expiresAt', 'dataAccessExpiresAt', 'obtainedAt', 'obtainedVia', 'fingerprint'];
const VALIDITY = ['valid', 'error'];
const VIEW = ['name', 'valid', 'type', 'appId', 'application', 'subjectId', 'userId', 'profileId', 'scopes', 'granularScopes', 'issuedAt', 'expiresAt', 'dataAccessExpiresAt', 'missingScopes', 'extraScopes', 'error', 'remedy'];

function expectKeys(value: unknown, keys: string[], what: string): void {
  expect(value, what).toBeTypeOf('object');
  for (const key of keys) expect(value, `${what}: ${key}`).toHaveProperty([key]);
}

describe('--json shapes', () => {
  let f: Fixture;
  const dir = mkdtempSync(join(tmpdir(), 'fbtok-shapes-'));
  beforeAll(async () => {
    f = await setUp({ pages: [{ id: '100000000000201', name: 'Shapes' }] });
    await f.importToken(f.emu.issueUserToken({ lifetime: 'long' }));
  });
  afterAll(async () => {
    await f.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('page-tokens, token list, token import and exchange-long-lived: records with subjectId, valid and error', async () => {
    const pages = await f.json<unknown[]>(['page-tokens']);
    expect(Array.isArray(pages)).toBe(true);
    expectKeys(pages[0], [...RECORD, ...VALIDITY], 'page-tokens');
    const list = await f.json<Array<Record<string, unknown>>>(['token', 'list']);
    expect(Array.isArray(list)).toBe(true);
    for (const r of list) expectKeys(r, [...RECORD, ...VALIDITY], 'token list');
    expect(list.every((r) => r.valid === true && r.error === null)).toBe(true);
    const imported = await f.json(['token', 'import', '--token-stdin', '--name', 'second'], { input: f.emu.issueUserToken({ lifetime: 'long' }) });
    expectKeys(imported, [...RECORD, ...VALIDITY], 'token import');
    const exchanged = await f.json(['exchange-long-lived', '--token-stdin'], { input: f.emu.issueUserToken({ lifetime: 'short' }) });
    expectKeys(exchanged, [...RECORD, ...VALIDITY], 'exchange-long-lived');
  });

  it('status: tokens carry valid and error beside the deprecated state and invalid; overrides names variables only', async () => {
    const status = await f.json<Record<string, any>>(['status']);
    expectKeys(status, ['profile', 'store', 'checked', 'tokens', 'due', 'overrides'], 'status');
    expect(Array.isArray(status.tokens) && Array.isArray(status.due) && Array.isArray(status.overrides)).toBe(true);
    for (const t of status.tokens) expectKeys(t, ['name', 'type', 'subjectId', 'subjectName', 'scopes', 'expiresAt', 'state', 'checked', 'invalid', ...VALIDITY], 'status token');
    expect(status.overrides.map((o: { variable: string }) => o.variable)).toEqual(expect.arrayContaining(['FBTOK_APP_ID', 'FBTOK_APP_SECRET', 'FBTOK_STORE']));
    expect(JSON.stringify(status.overrides)).not.toContain(f.emu.appSecret);
  });

  it('status --check and debug-token say a revoked token is invalid the same way: valid false, error {code, subcode, message}', async () => {
    const dead = f.emu.issueUserToken({ lifetime: 'long' });
    await f.importToken(dead, 'dead');
    f.emu.invalidateToken(dead);
    const status = await f.json<Record<string, any>>(['status', '--check'], { code: 3 });
    const entry = status.tokens.find((t: { name: string }) => t.name === 'dead');
    expect(entry).toMatchObject({ valid: false, state: 'invalid', error: { code: 190 } });
    expectKeys(entry.error, ['code', 'subcode', 'message'], 'status error');
    const view = await f.json<Record<string, any>>(['debug-token', 'dead'], { code: 3 });
    expectKeys(view, VIEW, 'debug-token');
    expect(view).toMatchObject({ valid: false, error: { code: entry.error.code, subcode: entry.error.subcode } });
    const all = await f.json<Array<Record<string, unknown>>>(['debug-token', '--all'], { code: 3 });
    expect(Array.isArray(all)).toBe(true);
    for (const v of all) expectKeys(v, VIEW, 'debug-token --all');
    const page = all.find((v) => v.name === 'page:100000000000201');
    expect(page).toMatchObject({ subjectId: '100000000000201', profileId: '100000000000201' });
    expect(all.find((v) => v.name === 'user')).toMatchObject({ subjectId: f.emu.user.id, userId: f.emu.user.id });
    await f.cli(['token', 'delete', 'dead']);
  });

  it('scan --check: findings carry subjectId beside the deprecated userId/profileId; summary an object', async () => {
    const page = f.emu.pageTokenFor(f.emu.issueUserToken({ lifetime: 'long' }), '100000000000201');
    writeFileSync(join(dir, 'bot.js'), `const TOKEN = "${page}";\n`);
    const r = await f.cli(['scan', dir, '--check', '--json']);
    const out = JSON.parse(r.stdout);
    expect(Array.isArray(out.findings)).toBe(true);
    expectKeys(out.findings[0], ['file', 'line', 'kind', 'fingerprint', 'status', 'type', 'subjectId', 'userId', 'profileId', 'scopes'], 'scan');
    expect(out.findings[0].subjectId).toBe('100000000000201');
    expectKeys(out.summary, ['filesScanned', 'found'], 'scan summary');
  });

  it('log, rotate, doctor, config list and profile list keep their shapes', async () => {
    const log = await f.json<unknown[]>(['log']);
    expect(Array.isArray(log)).toBe(true);
    const rotate = await f.json<unknown[]>(['rotate', '--dry-run']);
    expect(Array.isArray(rotate)).toBe(true);
    for (const o of rotate) expectKeys(o, ['name', 'action', 'reason', 'expiresAt'], 'rotate');
    const doctor = JSON.parse((await f.cli(['doctor', '--json'])).stdout);
    expect(Array.isArray(doctor.findings)).toBe(true);
    expectKeys(doctor.summary, ['ok', 'warn', 'fail', 'skip', 'exitCode'], 'doctor summary');
    expect(await f.json(['config', 'list'])).toBeTypeOf('object');
    expect(Array.isArray(await f.json(['profile', 'list']))).toBe(true);
  });
});
