import { describe, expect, it } from 'vitest';
import { formatDotenv, formatEnv, githubFileEntries, variableNameFor } from '../../src/tokens/export-formats.js';
import { formatTable } from '../../src/io/table.js';
import { scopesForPage } from '../../src/tokens/page-records.js';
import { viewOfInfo } from '../../src/tokens/describe-token.js';
import type { TokenInfo } from '../../src/graph/debug-token.js';

describe('export formats', () => {
  it('derives variable names from token names', () => {
    expect(variableNameFor('user')).toBe('FB_USER_ACCESS_TOKEN');
    expect(variableNameFor('page:123')).toBe('FB_PAGE_123_ACCESS_TOKEN');
    expect(variableNameFor('system-user:ci')).toBe('FB_SYSTEM_USER_CI_ACCESS_TOKEN');
    expect(variableNameFor('my.bot--2')).toBe('FB_MY_BOT_2_ACCESS_TOKEN');
  });

  it('quotes what the shell would misread (an app token has a pipe)', () => {
    expect(formatEnv([{ name: 'app', secret: '123|abc' }])).toEqual([`export FB_APP_ACCESS_TOKEN='123|abc'`]);
    expect(formatEnv([{ name: 'x', secret: `it's` }])).toEqual([`export FB_X_ACCESS_TOKEN='it'\\''s'`]);
    expect(formatDotenv([{ name: 'user', secret: 'EAAB' }])).toEqual(['FB_USER_ACCESS_TOKEN=EAAB']);
  });

  it('GitHub entries use a delimiter that does not occur in the value', () => {
    const delimiters = ['EAAB', 'D2'];
    const text = githubFileEntries([{ name: 'user', secret: 'xxEAABxx' }], () => delimiters.shift()!);
    expect(text).toBe('FB_USER_ACCESS_TOKEN<<D2\nxxEAABxx\nD2\n');
  });
});

describe('formatTable', () => {
  it('aligns columns, upper-cases headers, shows - for empty cells, no trailing spaces', () => {
    expect(formatTable(['name', 'tasks'], [['page:1', 'MESSAGING'], ['a-much-longer-name', null]])).toEqual([
      'NAME                TASKS',
      'page:1              MESSAGING',
      'a-much-longer-name  -',
    ]);
  });
});

const info = (over: Partial<TokenInfo>): TokenInfo => ({
  valid: true, type: 'USER', appId: '1', application: 'A', userId: '2', profileId: null, scopes: [], granularScopes: [],
  issuedAt: null, expiresAt: null, dataAccessExpiresAt: null, error: null, metadata: null, ...over,
});

describe('Page scopes and the token view', () => {
  it('a Page gets the scopes whose targets include it or that have no targets', () => {
    const user = info({
      scopes: ['public_profile', 'pages_messaging', 'pages_show_list'],
      granularScopes: [{ scope: 'pages_messaging', targetIds: ['1', '2'] }, { scope: 'pages_show_list', targetIds: ['2'] }],
    });
    expect(scopesForPage(user, '1')).toEqual([{ scope: 'public_profile' }, { scope: 'pages_messaging', targetIds: ['1'] }]);
    expect(scopesForPage(user, '3').map((s) => s.scope)).toEqual(['public_profile']);
  });

  it('missing and extra scopes only with --require; remedy from the error subcode', () => {
    const v = viewOfInfo(info({ scopes: ['a', 'b'] }), { require: ['b', 'c'] });
    expect([v.missingScopes, v.extraScopes]).toEqual([['c'], ['a']]);
    expect(viewOfInfo(info({ scopes: ['a'] })).extraScopes).toEqual([]);
    const dead = viewOfInfo(info({ valid: false, error: { code: 190, subcode: 492, message: 'x' } }));
    expect(dead.remedy).toMatch(/role on the Page/);
  });
});
