// `fbtok usage` against the emulator sending X-App-Usage and X-Business-Use-Case-Usage as Graph does.
import { afterEach, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setUp, expectNoSecrets, type Fixture } from '../commands/token-fixture.js';
import { parseUsageFlags } from '../../src/commands/usage.js';
import { UsageError } from '../../src/errors.js';

const P1 = '100000000000101';
const P2 = '100000000000102';

describe('fbtok usage', () => {
  let f: Fixture | undefined;
  afterEach(async () => {
    await f?.close();
    f = undefined;
  });

  async function withPages(usage = {}): Promise<Fixture> {
    f = await setUp({ pages: 2, usage });
    await f.importToken(f.emu.issueUserToken({ lifetime: 'long' }));
    const r = await f.cli(['page-tokens']);
    if (r.code !== 0) throw new Error(r.stderr);
    f.emu.resetRequests();
    return f;
  }

  it('one batched request, one item per token; app and per-Page figures in the table and --json', async () => {
    const f = await withPages();
    f.emu.addUsage({ pages: { [P1]: 40 } });
    const r = await f.cli(['usage', '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(f.emu.requests.map((q) => [q.method, q.path, q.batchSize])).toEqual([['POST', '/', 3]]);
    const report = JSON.parse(r.stdout);
    const app = report.entries.find((e: { header: string }) => e.header === 'X-App-Usage');
    expect(app).toMatchObject({ token: '(app)', callCount: expect.any(Number) });
    const buc = report.entries.filter((e: { header: string }) => e.header === 'X-Business-Use-Case-Usage');
    expect(buc).toEqual([
      { header: 'X-Business-Use-Case-Usage', token: `page:${P1}`, object: P1, type: 'pages', callCount: 41, totalCputime: 20, totalTime: 13, regainMinutes: 0 },
      { header: 'X-Business-Use-Case-Usage', token: `page:${P2}`, object: P2, type: 'pages', callCount: 1, totalCputime: 0, totalTime: 0, regainMinutes: 0 },
    ]);
    // No token in the request URL: each rides in its item's body.
    const batch = f.emu.requests[0];
    expect(JSON.stringify(batch.query)).not.toContain('EAA');
    expect(JSON.stringify(batch.query)).not.toContain(f.emu.appSecret);
    const human = await f.cli(['usage']);
    expect(human.code, human.stderr).toBe(0);
    expect(human.stdout).toMatch(new RegExp(`^X-Business-Use-Case-Usage\\s+page:${P1}\\s+${P1}\\s+pages\\s+42%\\s+21%\\s+14%\\s+-$`, 'm'));
    expectNoSecrets(human, [f.emu.appSecret]);
    // Kept for `status --format openmetrics`.
    const saved = JSON.parse(readFileSync(join(f.env.FBTOK_CONFIG_DIR, 'state', 'usage.json'), 'utf8'));
    expect(saved.entries.length).toBe(3);
    const metrics = await f.cli(['status', '--format', 'openmetrics']);
    expect(metrics.stdout).toContain('fbtok_graph_usage_percent{profile="default",header="X-Business-Use-Case-Usage"} 42');
  });

  it('--fail-above: exit 12 naming the Page above the threshold; 0 when none is', async () => {
    const f = await withPages();
    f.emu.addUsage({ pages: { [P2]: 84 } });
    const r = await f.cli(['usage', '--fail-above', '80']);
    expect(r.code, r.stderr).toBe(12);
    expect(r.stderr).toContain(`error: X-Business-Use-Case-Usage for Page ${P2} is at 85%, above 80%.`);
    const ok = await f.cli(['usage', '--fail-above', '90%']);
    expect(ok.code, ok.stderr).toBe(0);
  });

  it('a throttled Page: Graph refuses the call (80001) but its figures still come back', async () => {
    const f = await withPages();
    f.emu.addUsage({ pages: { [P1]: 100 } });
    const r = await f.cli(['usage', '--json', '--fail-above', '99']);
    expect(r.code, r.stderr).toBe(12);
    const report = JSON.parse(r.stdout);
    expect(report.entries.find((e: { object?: string }) => e.object === P1)).toMatchObject({ callCount: 100, regainMinutes: 5 });
    expect(report.failures).toEqual([{ token: `page:${P1}`, message: expect.stringContaining('too many calls') }]);
  });

  it('no headers from Facebook (usage off): says so, exit 0', async () => {
    f = await setUp({ pages: 1 });
    await f.importToken(f.emu.issueUserToken({ lifetime: 'long' }));
    const r = await f.cli(['usage']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('No usage figures');
  });

  it('--fail-above must be a percentage', () => {
    expect(parseUsageFlags({ failAbove: '80%' })).toEqual({ failAbove: 80 });
    expect(() => parseUsageFlags({ failAbove: 'lots' })).toThrow(UsageError);
    expect(() => parseUsageFlags({ failAbove: '120' })).toThrow('Invalid --fail-above');
  });
});
