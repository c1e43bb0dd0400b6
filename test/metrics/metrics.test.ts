// `status --format openmetrics` and `--textfile`, proven with the real tools: promtool accepts the output,
// a real node_exporter serves the figures from the textfile, and the example alert rules pass promtool.
import { afterEach, describe, expect, it } from 'vitest';
import { spawn, execFile } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { requireBinary } from '../helpers/binaries.js';
import { freePort } from '../auth/login-fixture.js';
import { seedUserAndPages, setUpRotation, type RotationFixture } from '../rotate/harness.js';
import { expectNoSecrets } from '../commands/token-fixture.js';
import { renderExposition } from '../../src/metrics/exposition.js';

const run = promisify(execFile);
const PROMTOOL = requireBinary('promtool', 'prometheus');
const NODE_EXPORTER = requireBinary('prometheus-node-exporter', 'prometheus-node-exporter');
const EXAMPLES = resolve(import.meta.dirname, '../../examples/prometheus');
const P1 = 'page:100000000000101';

/** promtool check metrics reads stdin; resolves with its exit code and output. */
function promtoolCheck(text: string): Promise<{ code: number | null; output: string }> {
  return new Promise((done) => {
    const child = spawn(PROMTOOL, ['check', 'metrics'], { stdio: ['pipe', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    child.on('close', (code) => done({ code, output }));
    child.stdin.end(text);
  });
}

describe('status metrics', () => {
  let f: RotationFixture | undefined;
  afterEach(async () => {
    await f?.close();
    f = undefined;
  });

  it('--format openmetrics: promtool accepts it; expiry, validity, info and last check per token, no secret', async () => {
    f = await setUpRotation();
    const user = await seedUserAndPages(f, 30);
    const page = await f.get(P1);
    writeFileSync(join(f.env.FBTOK_CONFIG_DIR, 'state', 'usage.json'), JSON.stringify({ at: new Date().toISOString(), entries: [
      { header: 'X-App-Usage', token: 'user', callCount: 12, totalCputime: 3, totalTime: 4 },
      { header: 'X-Business-Use-Case-Usage', token: P1, object: '100000000000101', type: 'pages', callCount: 20, totalCputime: 85, totalTime: 30 },
    ] }));
    f.emu.invalidateToken(page, 492);
    const r = await f.cli(['status', '--check', '--format', 'openmetrics']);
    expect(r.code, r.stderr).toBe(3);
    expectNoSecrets(r, [user, page]);
    const lines = r.stdout.split('\n');
    const user30d = Number(lines.find((l) => l.startsWith('fbtok_token_expiry_timestamp_seconds{profile="default",name="user"}'))!.split(' ')[1]);
    expect(user30d * 1000 - Date.now()).toBeGreaterThan(29 * 86_400_000);
    expect(lines.some((l) => l.startsWith(`fbtok_token_expiry_timestamp_seconds{profile="default",name="${P1}"}`))).toBe(false); // never expires
    expect(lines).toContain('fbtok_token_valid{profile="default",name="user"} 1');
    expect(lines).toContain(`fbtok_token_valid{profile="default",name="${P1}"} 0`);
    expect(lines).toContain(`fbtok_token_info{profile="default",name="${P1}",type="PAGE",subject_id="100000000000101",store="file"} 1`);
    expect(lines).toContain('fbtok_graph_usage_percent{profile="default",header="X-App-Usage"} 12');
    expect(lines).toContain('fbtok_graph_usage_percent{profile="default",header="X-Business-Use-Case-Usage"} 85');
    expect(lines.find((l) => l.startsWith('fbtok_last_check_timestamp_seconds'))).toMatch(/^fbtok_last_check_timestamp_seconds\{profile="default"\} \d{10}$/);
    expect(lines.at(-2)).toBe('# EOF');
    const check = await promtoolCheck(r.stdout);
    expect(check, check.output).toMatchObject({ code: 0 });
  });

  it('without --check: no fbtok_token_valid; promtool accepts it', async () => {
    f = await setUpRotation();
    await f.importToken(f.emu.issueUserToken({ lifetime: 'long' }), 'ci-bot@example.com');
    const r = await f.cli(['status', '--format', 'openmetrics']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).not.toContain('fbtok_token_valid');
    expect(r.stdout).toContain('fbtok_token_info{profile="default",name="ci-bot@example.com",type="USER"');
    const check = await promtoolCheck(r.stdout);
    expect(check, check.output).toMatchObject({ code: 0 });
  });

  it('--check: the highest usage header seen on the check\'s own answers is exported too', async () => {
    f = await setUpRotation({ usage: {} });
    await seedUserAndPages(f, 30);
    f.emu.addUsage({ app: 60 });
    const r = await f.cli(['status', '--check', '--format', 'openmetrics']);
    expect(r.code, r.stderr).toBe(0);
    const line = r.stdout.split('\n').find((l) => l.startsWith('fbtok_graph_usage_percent{profile="default",header="X-App-Usage"}'));
    expect(Number(line?.split(' ')[1])).toBeGreaterThanOrEqual(60);
    const plain = await f.cli(['status', '--format', 'openmetrics']);
    expect(plain.stdout).not.toContain('fbtok_graph_usage_percent');
  });

  it('label values with quotes, backslashes, line feeds and control characters stay one valid sample', async () => {
    const text = renderExposition([{ name: 'fbtok_token_info', help: 'a\\b\nc', samples: [{ labels: { name: 'a"b\\c\nd\u0007e' }, value: 1 }] }]);
    expect(text).toContain('fbtok_token_info{name="a\\"b\\\\c\\nde"} 1');
    const check = await promtoolCheck(text);
    expect(check, check.output).toMatchObject({ code: 0 });
  });

  it('--textfile DIR: fbtok.prom written atomically, served by a real node_exporter', async () => {
    f = await setUpRotation();
    await seedUserAndPages(f, 30);
    const dir = join(f.env.FBTOK_CONFIG_DIR, 'textfile');
    mkdirSync(dir);
    const r = await f.cli(['status', '--check', '--textfile', dir]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe('');
    expect(readdirSync(dir)).toEqual(['fbtok.prom']); // no temp file left behind
    expect(statSync(join(dir, 'fbtok.prom')).mode & 0o777).toBe(0o644);
    const port = await freePort();
    const exporter = spawn(NODE_EXPORTER, ['--collector.disable-defaults', '--collector.textfile', `--collector.textfile.directory=${dir}`, `--web.listen-address=127.0.0.1:${port}`], { stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      // Ready when it says so (its log line), not after a guessed delay.
      await new Promise<void>((ready, fail) => {
        let log = '';
        exporter.stderr.on('data', (d) => {
          log += d;
          if (log.includes('Listening on')) ready();
        });
        exporter.on('exit', (code) => fail(new Error(`node_exporter exited ${code}: ${log}`)));
      });
      const body = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
      expect(body).toContain(`fbtok_token_valid{name="${P1}",profile="default"} 1`);
      expect(body).toMatch(/fbtok_token_expiry_timestamp_seconds\{name="user",profile="default"\} \d\.\d+e\+09/);
      expect(body).toContain('node_textfile_scrape_error 0');
    } finally {
      exporter.kill('SIGTERM');
    }
  });

  it('--textfile that is not a directory is exit 2', async () => {
    f = await setUpRotation();
    const r = await f.cli(['status', '--textfile', join(f.env.FBTOK_CONFIG_DIR, 'missing')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('is not a directory');
  });
});

describe('example alert rules', () => {
  it('pass promtool check rules and promtool test rules with fixtures', async () => {
    const rules = await run(PROMTOOL, ['check', 'rules', join(EXAMPLES, 'fbtok-alerts.yml')]);
    expect(rules.stdout).toContain('SUCCESS: 5 rules found');
    const tested = await run(PROMTOOL, ['test', 'rules', 'fbtok-alerts.test.yml'], { cwd: EXAMPLES });
    expect(tested.stdout).toContain('SUCCESS');
    expect(readFileSync(join(EXAMPLES, 'fbtok-alerts.yml'), 'utf8')).toContain('fbtok_graph_usage_percent > 80');
  });
});
