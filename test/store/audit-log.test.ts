import { appendFile, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { appendAuditLog, readAuditLog, type AuditEntry } from '../../src/store/audit-log.js';
import { tempPaths, type TempPaths } from '../helpers/store-fixtures.js';

let paths: TempPaths;
afterEach(async () => paths?.remove());

const entry = (name: string): AuditEntry => ({
  time: '2026-01-01T00:00:00.000Z',
  command: 'login',
  profile: 'default',
  name,
  action: 'put',
  outcome: 'stored',
  oldFingerprint: null,
  newFingerprint: 'abcdef012345',
  expiresAt: null,
  previousExpiresAt: null,
});

describe('audit log', () => {
  it('is empty when missing, appends JSON lines 0600, and reads them back in order', async () => {
    paths = await tempPaths();
    expect(await readAuditLog(paths.stateDir)).toEqual([]);
    await appendAuditLog(paths.stateDir, [entry('a'), entry('b')]);
    await appendAuditLog(paths.stateDir, [entry('c')]);
    expect((await readAuditLog(paths.stateDir)).map((e) => e.name)).toEqual(['a', 'b', 'c']);
    const file = join(paths.stateDir, 'audit.log');
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect((await readFile(file, 'utf8')).split('\n')).toHaveLength(4);
  });

  it('skips a line torn by a crash, and the next entry still starts on its own line', async () => {
    paths = await tempPaths();
    await appendAuditLog(paths.stateDir, [entry('a')]);
    await appendFile(join(paths.stateDir, 'audit.log'), '{"time":"2026-01-01T00:00:00.000Z","comma');
    expect((await readAuditLog(paths.stateDir)).map((e) => e.name)).toEqual(['a']);
    await appendAuditLog(paths.stateDir, [entry('b')]);
    expect((await readAuditLog(paths.stateDir)).map((e) => e.name)).toEqual(['a', 'b']);
  });
});
