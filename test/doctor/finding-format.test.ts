import { describe, expect, it } from 'vitest';
import { fail, ok, skip, warn, worstExitCode } from '../../src/doctor/finding.js';
import { formatFindings, summarize, summaryLine, toJson } from '../../src/doctor/format.js';
import type { Style } from '../../src/io/io.js';
import { registerSecret } from '../../src/util/redact.js';

const plain: Style = { bold: (s) => s, dim: (s) => s, red: (s) => s, green: (s) => s, yellow: (s) => s, cyan: (s) => s };
const tagged: Style = { bold: (s) => s, dim: (s) => `<dim>${s}`, red: (s) => `<red>${s}`, green: (s) => `<green>${s}`, yellow: (s) => `<yellow>${s}`, cyan: (s) => s };

describe('worstExitCode', () => {
  it('is 0 with warnings and skips only', () => {
    expect(worstExitCode([ok('a', 'x'), warn('b', 'y', 'z'), skip('c', 'w')])).toBe(0);
  });

  it('ranks causes before effects: config, store, Graph, token, permission, expiring', () => {
    const f = (code: number) => fail(`c${code}`, 'm', 'r', code);
    expect(worstExitCode([f(8), f(4), f(3)])).toBe(3);
    expect(worstExitCode([f(8), f(4)])).toBe(4);
    expect(worstExitCode([f(3), f(6)])).toBe(6);
    expect(worstExitCode([f(6), f(7)])).toBe(7);
    expect(worstExitCode([f(7), f(2), f(3)])).toBe(2);
    expect(worstExitCode([f(8)])).toBe(8);
    expect(worstExitCode([f(1), f(8)])).toBe(8);
  });
});

describe('format', () => {
  const findings = [ok('config.app-id', 'app id 1'), warn('clock', 'off by 1h', 'sync'), fail('token user', 'expired', 'log in', 3), skip('store.lock', 'not checked')];

  it('uses words without colour, aligned, with the fix on the same line (never for ok)', () => {
    expect(formatFindings(findings, { color: false, style: plain })).toEqual([
      'ok   config.app-id  app id 1',
      'warn clock          off by 1h  fix: sync',
      'FAIL token user     expired  fix: log in',
      'skip store.lock     not checked',
    ]);
  });

  it('uses coloured marks when colour is on', () => {
    const lines = formatFindings(findings, { color: true, style: tagged });
    expect(lines.map((l) => l.split(' ')[0])).toEqual(['<green>✓', '<yellow>!', '<red>✗', '<dim>-']);
  });

  it('summarizes counts and the exit code with its meaning', () => {
    expect(summaryLine(summarize(findings, 3))).toBe('doctor: 1 ok, 1 warning, 1 failed, 1 skipped; exit 3 (token invalid)');
    expect(summaryLine(summarize([ok('a', 'b')], 0))).toBe('doctor: 1 ok, 0 warnings, 0 failed, 0 skipped; exit 0');
  });

  it('--json holds the findings and a summary, redacted', () => {
    const secret = 'EAAcanaryDOCTORtoken000000000000000000000009';
    registerSecret(secret);
    const json = toJson([fail('token x', `bad ${secret}`, `use ${secret}`, 3)], 3);
    expect(json).toEqual({
      findings: [{ check: 'token x', status: 'fail', message: 'bad <redacted>', remedy: 'use <redacted>', exitCode: 3 }],
      summary: { ok: 0, warn: 0, fail: 1, skip: 0, exitCode: 3 },
    });
    expect(formatFindings([warn('w', secret, null)], { color: false, style: plain })[0]).not.toContain(secret);
  });
});
