import { describe, expect, it } from 'vitest';
import { checkConfig, checkGraphVersion } from '../../src/doctor/config-check.js';
import type { ProfileConfig } from '../../src/config/profile.js';

const at = (date: string) => Date.parse(`${date}T12:00:00Z`);
const config = (overrides: Partial<ProfileConfig> = {}): ProfileConfig => ({
  profile: 'default', appId: '1234567890', graphUrl: 'https://graph.test', wwwUrl: 'https://www.test', graphVersion: 'v26.0',
  storeKind: 'file', port: 8765, scopes: [], pkce: true, ...overrides,
});

describe('checkGraphVersion', () => {
  it('is ok inside the support window', () => {
    expect(checkGraphVersion('v23.0', at('2026-11-25'))).toMatchObject({ status: 'ok', message: 'Graph API v23.0 (supported until 2027-10-08)' });
    expect(checkGraphVersion('v26.0', at('2026-11-25'))).toMatchObject({ status: 'ok', message: expect.stringContaining('at least until 2028-07-29') });
  });

  it('warns within 90 days of the end and after it', () => {
    expect(checkGraphVersion('v23.0', at('2027-07-09'))).toMatchObject({ status: 'ok' });
    expect(checkGraphVersion('v23.0', at('2027-07-11'))).toMatchObject({ status: 'warn', message: 'Graph API v23.0 ends on 2027-10-08 (in 89 days).' });
    expect(checkGraphVersion('v24.0', at('2028-03-01'))).toMatchObject({ status: 'warn', message: expect.stringContaining('reached its end on 2028-02-18'), remedy: expect.stringContaining('graph-version v26.0') });
    expect(checkGraphVersion('v26.0', at('2028-08-01'))).toMatchObject({ status: 'warn', message: expect.stringContaining('may have reached its end') });
  });

  it('warns about a version not yet released, and one newer than fbtok knows', () => {
    expect(checkGraphVersion('v26.0', at('2026-07-01'))).toMatchObject({ status: 'warn', message: expect.stringContaining('not released before 2026-07-29') });
    expect(checkGraphVersion('v27.0', at('2026-11-25'))).toMatchObject({ status: 'warn', exitCode: 0, message: expect.stringContaining('newer') });
  });

  it('fails (exit 2) for a version older than any known, or one that never existed', () => {
    expect(checkGraphVersion('v19.0', at('2026-11-25'))).toMatchObject({ status: 'fail', exitCode: 2, message: 'Graph API v19.0 is no longer available.' });
    expect(checkGraphVersion('v24.5', at('2026-11-25'))).toMatchObject({ status: 'fail', exitCode: 2 });
  });
});

describe('checkConfig', () => {
  const now = at('2026-11-25');

  it('reports the app id and where the app secret came from', () => {
    const findings = checkConfig({ config: config(), appSecretSource: 'store', storeKind: 'keychain', nowMs: now });
    expect(findings.map((f) => [f.check, f.status])).toEqual([['config.app-id', 'ok'], ['config.app-secret', 'ok'], ['config.graph-version', 'ok']]);
    expect(findings[1].message).toBe('app secret set (in the keychain store)');
  });

  it('fails (exit 2) without an app id, with a malformed one, or without an app secret', () => {
    const missing = checkConfig({ config: config({ appId: undefined }), appSecretSource: 'missing', storeKind: 'file', nowMs: now });
    expect(missing.slice(0, 2)).toEqual([
      expect.objectContaining({ check: 'config.app-id', status: 'fail', exitCode: 2, remedy: expect.stringContaining('FBTOK_APP_ID') }),
      expect.objectContaining({ check: 'config.app-secret', status: 'fail', exitCode: 2, remedy: expect.stringContaining('FBTOK_APP_SECRET') }),
    ]);
    expect(checkConfig({ config: config({ appId: 'my-app' }), appSecretSource: 'environment', storeKind: 'file', nowMs: now })[0]).toMatchObject({ status: 'fail', exitCode: 2 });
  });

  it('skips the app secret when only an unreadable store could hold it', () => {
    expect(checkConfig({ config: config(), appSecretSource: 'store-unavailable', storeKind: 'keychain', nowMs: now })[1]).toMatchObject({ status: 'skip' });
  });
});
