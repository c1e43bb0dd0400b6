import { describe, expect, it } from 'vitest';
import { diagnoseMissing, neededForStored, remedyOf } from '../../src/tokens/diagnose-permissions.js';

describe('diagnoseMissing', () => {
  const base = { configuredScopes: ['public_profile'], userScopes: ['public_profile'], pageToken: false };

  it('tells each cause apart from /me/permissions', () => {
    const permissions = [
      { permission: 'a', status: 'declined' },
      { permission: 'b', status: 'expired' },
      { permission: 'c', status: 'granted' },
    ];
    const causes = diagnoseMissing({ ...base, missing: ['a', 'b', 'c', 'd'], permissions }).map((d) => [d.scope, d.cause]);
    expect(causes).toEqual([['a', 'declined'], ['b', 'expired'], ['c', 'not-approved'], ['d', 'never-asked']]);
  });

  it('a Page token lacking what the user token has: re-derive; unknown when /me/permissions could not be read', () => {
    const page = diagnoseMissing({ ...base, pageToken: true, userScopes: ['c'], missing: ['c'], permissions: [{ permission: 'c', status: 'granted' }] });
    expect(page[0]).toMatchObject({ cause: 'missing-on-page-token', remedy: expect.stringContaining('fbtok page-tokens') });
    const unknown = diagnoseMissing({ ...base, missing: ['x'], permissions: null });
    expect(unknown[0]).toMatchObject({ cause: 'unknown', remedy: expect.stringContaining('fbtok login --scopes x') });
  });

  it('one remedy line, each fix once; what fbtok needs is never a candidate to drop', () => {
    const two = diagnoseMissing({ ...base, missing: ['a', 'b'], permissions: [] });
    expect(remedyOf(two).match(/fbtok login/g)).toHaveLength(2);
    expect(neededForStored(['USER'])).toEqual(['public_profile']);
    expect(neededForStored(['USER', 'PAGE'])).toEqual(['public_profile', 'pages_show_list']);
  });
});
