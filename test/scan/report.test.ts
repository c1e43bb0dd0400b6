import { describe, expect, it } from 'vitest';
import { formatFinding, scanExitCode, summarize, summaryLines, viewOf } from '../../src/scan/report.js';
import { emptyResult, type Finding } from '../../src/scan/scan-files.js';

const secret = 'EAAthisIsTheSecretTokenValue1234567890';
const finding: Finding = { file: 'src/a.js', line: 3, column: 7, kind: 'access-token', fingerprint: 'abc123def456', secret };

describe('scan report', () => {
  it('shows file:line, kind and fingerprint, never the secret', () => {
    const view = viewOf(finding);
    expect(formatFinding(view)).toBe('src/a.js:3 access-token abc123def456');
    expect(JSON.stringify(view)).not.toContain(secret);
  });

  it('adds what --check learnt: status, type, subject, app and scopes', () => {
    const view = viewOf(finding, { status: 'live', info: { type: 'PAGE', appId: '42', userId: '7', profileId: '99', scopes: ['pages_messaging'], expiresAt: null } });
    expect(formatFinding(view)).toBe('src/a.js:3 access-token abc123def456 live type=PAGE page=99 app=42 scopes=pages_messaging');
    expect(JSON.stringify(view)).not.toContain(secret);
  });

  it('exit code: 0 none, 10 found, 11 live or unverified', () => {
    expect(scanExitCode([])).toBe(0);
    expect(scanExitCode([viewOf(finding)])).toBe(10);
    expect(scanExitCode([viewOf(finding, { status: 'dead' })])).toBe(10);
    expect(scanExitCode([viewOf(finding, { status: 'dead' }), viewOf(finding, { status: 'unverified' })])).toBe(11);
    expect(scanExitCode([viewOf(finding, { status: 'live' })])).toBe(11);
  });

  it('the summary counts distinct credentials and ends with the playbook', () => {
    const views = [viewOf(finding, { status: 'live' }), viewOf({ ...finding, line: 9 }, { status: 'live' })];
    const summary = summarize({ ...emptyResult(), filesScanned: 4 }, views);
    expect(summary).toMatchObject({ found: 2, distinct: 1, live: 1, dead: 0 });
    const lines = summaryLines(summary, true).join('\n');
    expect(lines).toContain('Found 2 credential(s), 1 distinct; 4 file(s) scanned.');
    expect(lines).toContain('fbtok revoke');
    expect(lines).toContain('fbtok page-tokens');
    expect(lines).toContain('App Dashboard');
    expect(summaryLines(summarize(emptyResult(), []), false)).toEqual(['No Facebook tokens or app secrets found; 0 file(s) scanned.']);
  });
});
