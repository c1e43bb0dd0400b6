import { describe, expect, it } from 'vitest';
import { FbtokError } from '../../src/errors.js';
import { GraphError, isGraphError, isRateLimitError, isTokenError, isUnavailableError } from '../../src/graph/graph-error.js';
import { DEVICE_SUBCODES, exitCodeFor, isRateLimitCode, remedyFor } from '../../src/graph/remedies.js';
import { highestUsage, parseUsageHeaders, regainAccessMinutes } from '../../src/graph/usage.js';

const GENERIC = /see https:\/\/developers\.facebook\.com/;

describe('remedies', () => {
  const known = [1, 2, 4, 10, 17, 32, 100, 102, 190, 200, 230, 299, 341, 368, 613, ...Array.from({ length: 15 }, (_, k) => 80000 + k)];
  it.each(known)('code %i has its own remedy', (code) => {
    const remedy = remedyFor(code, null);
    expect(remedy).not.toMatch(GENERIC);
    expect(remedy.length).toBeGreaterThan(20);
    expect(remedy).not.toContain('\n');
  });

  it.each([458, 459, 460, 463, 464, 466, 467, 492, 493])('190 subcode %i has its own remedy', (subcode) => {
    expect(remedyFor(190, subcode)).not.toBe(remedyFor(190, null));
    expect(exitCodeFor(190, subcode, 400)).toBe(3);
  });

  it.each(Object.values(DEVICE_SUBCODES))('device subcode %i has a remedy and is no rate limit', (subcode) => {
    expect(remedyFor(31, subcode)).toMatch(/device|poll|code/i);
    expect(isRateLimitCode(17, subcode)).toBe(false);
    expect(exitCodeFor(17, subcode, 400)).toBe(1);
  });

  it('unknown codes and subcodes get a generic remedy', () => {
    expect(remedyFor(12345, null)).toMatch(GENERIC);
    expect(remedyFor(190, 999)).toBe(remedyFor(190, null));
  });

  it.each([
    [190, null, 400, 3], [102, null, 400, 3], [10, null, 403, 4], [200, null, 400, 4], [299, null, 400, 4],
    [4, null, 400, 5], [17, null, 400, 5], [32, null, 400, 5], [341, null, 400, 5], [613, null, 400, 5],
    [80000, null, 400, 5], [80014, null, 400, 5], [368, null, 400, 5], [1, null, 500, 6], [2, null, 503, 6],
    [100, null, 400, 2], [101, null, 400, 2], [12345, null, 400, 6], [12345, null, 502, 6], [null, null, 500, 6], [null, null, 400, 6],
    [100, 36010, 400, 3],
  ])('exit code for %s/%s at HTTP %i is %i', (code, subcode, status, exit) => {
    expect(exitCodeFor(code, subcode, status)).toBe(exit);
  });

  it('80015 and 31 are not rate limits', () => {
    expect(isRateLimitCode(80015)).toBe(false);
    expect(isRateLimitCode(31)).toBe(false);
  });
});

describe('GraphError', () => {
  it('fromEnvelope reads every field and derives code, exit code and remedy', () => {
    const e = GraphError.fromEnvelope(
      { error: { message: 'Error validating access token: The user has not authorized application 42.', type: 'OAuthException', code: 190, error_subcode: 458, fbtrace_id: 'Xyz', error_user_title: 'T', error_user_msg: 'M', is_transient: false } },
      400,
    )!;
    expect(e).toBeInstanceOf(FbtokError);
    expect(e).toMatchObject({ name: 'GraphError', kind: 'graph', status: 400, graphCode: 190, subcode: 458, type: 'OAuthException', fbtraceId: 'Xyz', userTitle: 'T', userMessage: 'M', isTransient: false, code: 'GRAPH_190_458', exitCode: 3 });
    expect(e.remedy).toMatch(/not installed/);
    expect(e.message).toContain('[code 190/458]');
    expect(isGraphError(e) && isTokenError(e)).toBe(true);
  });

  it('fromEnvelope: rate-limit codes make a rate-limit error; string codes are read; no envelope → undefined', () => {
    const e = GraphError.fromEnvelope({ error: { message: '(#4) limit', code: '4' } }, 400)!;
    expect(e).toMatchObject({ kind: 'rate-limit', code: 'RATE_LIMITED', exitCode: 5 });
    expect(isRateLimitError(e)).toBe(true);
    expect(GraphError.fromEnvelope({ data: [] }, 200)).toBeUndefined();
    expect(GraphError.fromEnvelope('nope', 500)).toBeUndefined();
    const sub = GraphError.fromEnvelope({ error: { message: 'x', code: 190, subcode: 463 } }, 400)!;
    expect(sub.subcode).toBe(463);
  });

  it('kinds map to stable codes and exit 6', () => {
    for (const [kind, code] of [['network', 'GRAPH_UNREACHABLE'], ['timeout', 'GRAPH_TIMEOUT'], ['non-json', 'GRAPH_NON_JSON'], ['truncated', 'GRAPH_TRUNCATED']] as const) {
      const e = new GraphError('x', { kind });
      expect(e).toMatchObject({ code, exitCode: 6 });
      expect(isUnavailableError(e)).toBe(true);
    }
  });

  it('redacts its message and user strings and keeps the original error as cause', () => {
    const original = new Error('socket');
    const e = new GraphError('failed https://g/me?access_token=EAAsecretsecretsecretsecret1', { kind: 'network', userMessage: 'access_token=abcdefgh123', cause: original });
    expect(e.message).not.toContain('EAAsecret');
    expect(e.userMessage).not.toContain('abcdefgh123');
    expect(e.cause).toBe(original);
  });

  it('an envelope with a code fbtok does not know is "Facebook refused", exit 6, with its message and fbtrace_id', () => {
    const e = GraphError.fromEnvelope({ error: { message: 'Something new went wrong.', type: 'OAuthException', code: 12345, fbtrace_id: 'AzTrace77' } }, 400)!;
    expect(e).toMatchObject({ kind: 'graph', exitCode: 6, code: 'GRAPH_12345', fbtraceId: 'AzTrace77' });
    expect(e.message).toBe('Facebook refused the request: Something new went wrong. [code 12345, fbtrace_id AzTrace77]');
    expect(e.remedy).toMatch(/does not know/);
    const none = GraphError.fromEnvelope({ error: { message: 'No code at all.', fbtrace_id: 'B1' } }, 400)!;
    expect(none).toMatchObject({ exitCode: 6 });
    expect(none.message).toBe('Facebook refused the request: No code at all. [fbtrace_id B1]');
    // Known codes keep their own wording and exit codes.
    expect(GraphError.fromEnvelope({ error: { message: 'bad', code: 100, fbtrace_id: 'C' } }, 400)!.message).toBe('Facebook: bad [code 100]');
  });

  it('a long foreign message is cut to 300 characters, marked as cut, after redaction', () => {
    const token = `EAA${'x'.repeat(60)}`;
    const long = `${'a'.repeat(280)} ${token} ${'b'.repeat(5000)}`;
    const e = GraphError.fromEnvelope({ error: { message: long, code: 190, error_user_msg: 'u'.repeat(4000), fbtrace_id: 'T'.repeat(5000) } }, 400)!;
    expect(e.message.length).toBeLessThan(400);
    expect(e.message).toMatch(/… \[cut: \d+ characters in all\] \[code 190\]$/);
    expect(e.message).not.toContain('EAAxxx');
    expect(e.userMessage!.length).toBeLessThan(350);
    expect(e.fbtraceId!.length).toBeLessThan(120);
    // A pair of UTF-16 halves is never split.
    const emoji = GraphError.fromEnvelope({ error: { message: `${'a'.repeat(299)}😀${'b'.repeat(10)}`, code: 100 } }, 400)!;
    expect(emoji.message).toContain(`${'a'.repeat(299)}…`);
  });

  it('withRemedy and with keep the other fields', () => {
    const e = GraphError.fromEnvelope({ error: { message: 'bad', code: 190, error_subcode: 467 } }, 400)!;
    const other = e.withRemedy('Do this.');
    expect(other).toMatchObject({ remedy: 'Do this.', code: 'GRAPH_190_467', exitCode: 3, message: e.message });
    const waited = e.with('later', { retryAfterMs: 5 });
    expect(waited).toMatchObject({ message: 'later', retryAfterMs: 5, subcode: 467 });
  });
});

describe('usage headers', () => {
  it('parses each header and keeps the highest percentage and regain estimate', () => {
    const figures = parseUsageHeaders({
      'x-app-usage': '{"call_count":12,"total_cputime":40,"total_time":7}',
      'x-business-use-case-usage': JSON.stringify({
        '1': [{ type: 'pages', call_count: 5, total_cputime: 1, total_time: 2, estimated_time_to_regain_access: 0 }],
        '2': [{ type: 'messenger', call_count: 98, total_cputime: 1, total_time: 2, estimated_time_to_regain_access: 7 }],
      }),
      'X-Ad-Account-Usage': '{"acc_id_util_pct":9.5,"reset_time_duration":120}',
      'x-page-usage': '{"call_count":"33"}',
    });
    expect(figures).toEqual([
      { header: 'X-App-Usage', percent: 40 },
      { header: 'X-Business-Use-Case-Usage', percent: 98, regainAccessMinutes: 7 },
      { header: 'X-Ad-Account-Usage', percent: 9.5, regainAccessMinutes: 2 },
      { header: 'X-Page-Usage', percent: 33 },
    ]);
    expect(highestUsage(figures)?.header).toBe('X-Business-Use-Case-Usage');
    expect(regainAccessMinutes(figures)).toBe(7);
  });

  it.each(['', 'not json', '[1,2]', 'null', '42', '{"call_count":"lots"}', '{"1":"x"}'])('ignores %j', (raw) => {
    expect(parseUsageHeaders({ 'x-app-usage': raw, 'x-business-use-case-usage': raw })).toEqual([]);
  });

  it('no headers, no figures', () => {
    expect(parseUsageHeaders({ 'content-type': 'application/json' })).toEqual([]);
    expect(highestUsage([])).toBeUndefined();
    expect(regainAccessMinutes([])).toBeUndefined();
  });
});

describe('remedies name only commands that exist', () => {
  it('a missing permission points at `fbtok login --auth-type rerequest`', async () => {
    const { remedyFor } = await import('../../src/graph/remedies.js');
    for (const code of [10, 200, 230, 299]) expect(remedyFor(code)).toMatch(/fbtok login .*--auth-type rerequest/);
  });

  it('every remedy that names an fbtok command names a real one with real options', async () => {
    const { remedyFor } = await import('../../src/graph/remedies.js');
    const { COMMANDS } = await import('../../src/commands/manifest.js');
    const names = new Set(COMMANDS.map((c) => c.name));
    const codes = [1, 2, 4, 10, 17, 32, 100, 102, 190, 200, 341, 368, 613, 80001, 80006];
    const subcodes = [undefined, 458, 459, 460, 463, 464, 466, 467, 492, 493];
    for (const code of codes) {
      for (const subcode of subcodes) {
        for (const [, command] of remedyFor(code, subcode).matchAll(/`fbtok ([a-z-]+)/g)) expect(names, `${code}/${subcode}`).toContain(command);
        expect(remedyFor(code, subcode)).not.toMatch(/--rerequest/);
      }
    }
  });
});

describe('no remedy advises switching a protection off', () => {
  it('PKCE, TLS, state or proof checks are never named as a fix anywhere in src', async () => {
    const { readdirSync, readFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    const root = join(import.meta.dirname, '../../src');
    const offenders: string[] = [];
    const walk = (dir: string) => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        const path = join(dir, entry.name);
        if (entry.isDirectory()) walk(path);
        else if (entry.name.endsWith('.ts')) {
          readFileSync(path, 'utf8').split('\n').forEach((line, i) => {
            // The option's own declaration and its help may name it; nothing else (remedies, warnings) may.
            if (/o\('--no-pkce'|Omitted with --no-pkce|false with --no-pkce/.test(line)) return;
            if (/--no-pkce|pkce false|NODE_TLS_REJECT_UNAUTHORIZED|--insecure|--no-verify|--no-state/i.test(line)) offenders.push(`${path}:${i + 1}: ${line.trim()}`);
          });
        }
      }
    };
    walk(root);
    expect(offenders).toEqual([]);
  });

  it('the PKCE remedies say to start again', async () => {
    const { PKCE_REMEDY } = await import('../../src/graph/oauth.js');
    const { PKCE_MISMATCH_REMEDY, remedyFor } = await import('../../src/graph/remedies.js');
    expect(remedyFor(100, 36010)).toBe(PKCE_MISMATCH_REMEDY);
    for (const remedy of [PKCE_REMEDY, PKCE_MISMATCH_REMEDY]) expect(remedy).toMatch(/start again with `fbtok login`/);
  });
});
