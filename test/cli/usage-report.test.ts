import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setUp, type Fixture } from '../commands/token-fixture.js';

describe('rate-limit usage headers reach the user', () => {
  let fx: Fixture;
  let token: string;
  beforeAll(async () => {
    fx = await setUp();
    token = fx.emu.issueUserToken({ lifetime: 'long' });
    fx.emu.setUsageHeaders({ 'X-App-Usage': JSON.stringify({ call_count: 85, total_cputime: 12, total_time: 40 }) });
  });
  afterAll(() => fx.close());

  it('warns at 80% or more, and --verbose reports the highest figure', async () => {
    const r = await fx.cli(['debug-token', '--token-stdin', '--verbose'], { input: token });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/warning: .*85%/);
    expect(r.stderr).toContain('Graph API usage: highest 85% (X-App-Usage)');
  });

  it('--json alone prints no usage line (it is not documented output); --json --verbose reports it as a JSON line on stderr', async () => {
    const plain = await fx.cli(['debug-token', '--token-stdin', '--json'], { input: token });
    expect(plain.code, plain.stderr).toBe(0);
    expect(JSON.parse(plain.stdout).valid).toBe(true);
    expect(plain.stderr).not.toContain('graphUsage');
    expect(plain.stderr).toMatch(/warning: .*85%/);
    const r = await fx.cli(['debug-token', '--token-stdin', '--json', '--verbose'], { input: token });
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).valid).toBe(true);
    const line = r.stderr.split('\n').find((l) => l.startsWith('{"graphUsage"'));
    expect(JSON.parse(line!)).toEqual({ graphUsage: { header: 'X-App-Usage', percent: 85, regainAccessMinutes: null, requests: 1 } });
  });

  it('says nothing of usage below 80% without --verbose', async () => {
    fx.emu.setUsageHeaders({ 'X-App-Usage': JSON.stringify({ call_count: 10, total_cputime: 1, total_time: 1 }) });
    const r = await fx.cli(['debug-token', '--token-stdin'], { input: token });
    expect(r.code).toBe(0);
    expect(r.stderr).not.toMatch(/usage/i);
  });
});
