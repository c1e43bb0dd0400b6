// The audit log (`state/audit.log`, one JSON entry a line) through the real main(): torn lines, garbage
// bytes, JSON that is no entry, entries of a later release with fields of any type. `fbtok log` skips what
// is no entry, shows every entry fbtok wrote, and writes nothing; a store change appends its entry after
// whatever the log holds (on a fresh line after a torn one) and never rewrites a byte before it.
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { AUDIT_LOG, expectHandled, runMain, snapshot } from './in-process.js';
import { useCliFixture } from './cli-fixture.js';
import { junk, partial } from './hostile-values.js';
import { timeBoxed } from './time-boxed.js';

const DEFAULT_RUNS = 40;
const RUNS = Number(process.env.FBTOK_FUZZ_RUNS ?? DEFAULT_RUNS);
/** A third of the default: a 2-core machine runs every default case of a property within a few seconds. */
const MIN_RUNS = Math.ceil(DEFAULT_RUNS / 3);
const fx = useCliFixture();

const iso = fc.date({ min: new Date(0), max: new Date('2100-01-01'), noInvalidDate: true }).map((d) => d.toISOString());
const fingerprintOrNull = fc.option(fc.stringMatching(/^[0-9a-f]{8}$/), { nil: null });
/** An entry as fbtok writes it (src/store/audit-log.ts), of this profile or another. */
const entry = fc.record({
  time: iso, command: fc.constantFrom('token import', 'login', 'rotate', 'token delete', 'config set app-secret'), profile: fc.constantFrom('default', 'default', 'other'),
  name: fc.oneof(fc.constantFrom('user', 'page:1'), fc.string({ maxLength: 20 })), action: fc.constantFrom('put', 'update', 'delete', 'set-app-secret', 'attempt'),
  outcome: fc.constantFrom('stored', 'replaced', 'unchanged', 'updated', 'deleted', 'missing', 'failed'), oldFingerprint: fingerprintOrNull, newFingerprint: fingerprintOrNull,
  expiresAt: fc.option(iso, { nil: null }), previousExpiresAt: fc.option(iso, { nil: null }),
});

const notString = junk.filter((v) => typeof v !== 'string');
/** One line (no newline inside) that is not an entry: torn, random bytes, or JSON without a string time and action. */
const noise = fc.oneof(
  fc.tuple(entry, fc.nat()).map(([e, cut]) => Buffer.from(JSON.stringify(e).slice(0, cut % JSON.stringify(e).length))),
  fc.uint8Array({ maxLength: 80 }).map((b) => Buffer.from(b.filter((byte) => byte !== 0x0a))),
  junk.map((v) => Buffer.from(JSON.stringify(v))),
  partial({ time: notString, action: junk, profile: fc.constant('default'), expiresAt: junk }).map((v) => Buffer.from(JSON.stringify(v))),
  fc.constantFrom('', '   ', '\r', '\uFEFF{}', '{"time":"2026-01-01T00:00:00.000Z","action":').map((s) => Buffer.from(s)),
);
/** Entries of a later release: string time and action, any profile and anything else; `expiry` for the expiry fields. */
const foreign = (expiry: fc.Arbitrary<unknown>) =>
  fc.record(
    { time: fc.string({ maxLength: 30 }), action: fc.string({ maxLength: 12 }), profile: fc.oneof(junk, fc.constant('default')), command: junk, name: junk, outcome: junk, oldFingerprint: junk, newFingerprint: junk, expiresAt: expiry, previousExpiresAt: expiry },
    { requiredKeys: ['time', 'action', 'expiresAt', 'previousExpiresAt'] },
  ).map((v) => Buffer.from(JSON.stringify(v)));

type Line = { real: Record<string, unknown> } | { text: Buffer };
/** A log of real entries (generated, or the seeded import's own) among other lines, with or without its last newline. */
const hostileLog = (other: fc.Arbitrary<Buffer>) => {
  const real = fc.oneof(entry, fc.constant(JSON.parse(fx.auditLog.trim().split('\n').at(-1)!) as Record<string, unknown>)).map((e): Line => ({ real: e }));
  return fc.tuple(fc.array(fc.oneof(real, other.map((text): Line => ({ text }))), { maxLength: 12 }), fc.boolean()).map(([lines, unterminated]) => {
    const bytes = lines.map((l) => ('real' in l ? Buffer.from(JSON.stringify(l.real)) : l.text));
    const body = Buffer.concat(bytes.flatMap((b) => [b, Buffer.from('\n')]));
    return { lines, bytes: unterminated && body.length > 0 ? body.subarray(0, -1) : body };
  });
};
/** The entries fbtok wrote for profile default, oldest first: all of them must be shown. */
const realOf = (lines: Line[]) => lines.flatMap((l) => ('real' in l && l.real.profile === 'default' ? [l.real] : []));

/** True when `items` holds `wanted` in order, with anything in between. */
function inOrder(items: unknown[], wanted: unknown[]): boolean {
  let i = 0;
  for (const item of items) if (i < wanted.length && JSON.stringify(item) === JSON.stringify(wanted[i])) i++;
  return i === wanted.length;
}

async function log(dir: string, args: string[] = []) {
  const r = await runMain(['log', ...args], fx.env(dir));
  expectHandled(r, `log ${args.join(' ')} on ${JSON.stringify(readFileSync(join(dir, AUDIT_LOG), 'latin1').slice(0, 400))}`);
  expect(r.code, r.stderr).toBe(0);
  return r;
}

describe('audit log files', () => {
  it('log --json [--limit N]: every entry fbtok wrote, in order, nothing else broken; the file untouched', async () => {
    await fc.assert(
      fc.asyncProperty(hostileLog(fc.oneof(noise, foreign(fc.oneof(junk, iso)))), fc.integer({ min: 1, max: 5 }), async ({ lines, bytes }, limit) => {
        const dir = fx.dirWith({ [AUDIT_LOG]: bytes });
        const before = snapshot(dir);
        const all = JSON.parse((await log(dir, ['--json'])).stdout) as Array<Record<string, unknown>>;
        expect(inOrder(all, realOf(lines)), `an entry fbtok wrote is missing: ${JSON.stringify(all).slice(0, 400)}`).toBe(true);
        for (const e of all) expect([typeof e.time, typeof e.action]).toEqual(['string', 'string']);
        expect(JSON.parse((await log(dir, ['--json', '--limit', String(limit)])).stdout)).toEqual(all.slice(-limit));
        expect(snapshot(dir)).toEqual(before);
      }),
      timeBoxed(RUNS * 2, 25_000, MIN_RUNS * 2),
    );
  });

  it('log (the table): one row per entry --json lists, the file untouched', async () => {
    await fc.assert(
      fc.asyncProperty(hostileLog(fc.oneof(noise, foreign(fc.oneof(junk, iso)))), async ({ bytes }) => {
        const dir = fx.dirWith({ [AUDIT_LOG]: bytes });
        const before = snapshot(dir);
        const entries = JSON.parse((await log(dir, ['--json'])).stdout) as unknown[];
        const table = (await log(dir)).stdout.split('\n').filter(Boolean);
        expect(table.length, table.join('\n')).toBe(entries.length === 0 ? 0 : entries.length + 1);
        expect(snapshot(dir)).toEqual(before);
      }),
      timeBoxed(RUNS, 25_000, MIN_RUNS),
    );
  });

  it('a store change appends its entry after any log, never rewriting what was there', async () => {
    const changes = fc.constantFrom('token delete user', 'config set app-secret --stdin', 'token import --token-stdin --name other');
    await fc.assert(
      fc.asyncProperty(hostileLog(fc.oneof(noise, foreign(junk))), changes, async ({ lines, bytes }, command) => {
        const dir = fx.dirWith({ 'tokens.json': fx.plainStore, [AUDIT_LOG]: bytes });
        const input = command.includes('--token-stdin') ? fx.user : command.includes('--stdin') ? 'CANARYnewAppSecret-0001' : '';
        const r = await runMain(command.split(' '), fx.env(dir), input);
        expectHandled(r, `${command} with a log of ${bytes.length} bytes`);
        expect(r.code, r.stderr).toBe(0);
        const after = readFileSync(join(dir, AUDIT_LOG));
        expect(after.subarray(0, bytes.length).equals(bytes), 'the log was rewritten, not appended to').toBe(true);
        // A torn last line is closed first, so the new entry starts a line of its own and reads back.
        const added = after.subarray(bytes.length).toString('utf8').replace(/^\n/, '');
        // The change's intent (written before the secret), then its outcome: whole lines each.
        expect(added, 'a partial entry').toMatch(/^(\{.*\}\n){2}$/);
        const [intent, outcome] = added.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
        expect(intent.outcome).toBe('intent');
        const all = JSON.parse((await log(dir, ['--json'])).stdout) as unknown[];
        expect(all.at(-1)).toEqual(outcome);
        expect(inOrder(all, realOf(lines)), 'the change lost an earlier entry').toBe(true);
      }),
      timeBoxed(RUNS, 25_000, MIN_RUNS),
    );
  });

  it('a directory where the log should be: a store change still succeeds and warns', async () => {
    const dir = fx.dirWith({ 'tokens.json': fx.plainStore });
    mkdirSync(join(dir, AUDIT_LOG), { recursive: true });
    const r = await runMain(['token', 'delete', 'user'], fx.env(dir));
    expectHandled(r, 'token delete with a directory for a log');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/Could not write the audit log/);
  });

  it('an entry without expiresAt, or with a number there, is shown with "-"', async () => {
    for (const line of ['{"time":"2026-01-01T00:00:00.000Z","action":"put"}', '{"time":"2026-01-01T00:00:00.000Z","action":"put","expiresAt":5}']) {
      const r = await runMain(['log'], fx.env(fx.dirWith({ [AUDIT_LOG]: `${line}\n` })));
      expectHandled(r, line);
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/^2026-01-01T00:00:00Z\s+-\s+-\s+put\s+-\s+-$/m);
    }
  });

  it('a directory where the log should be: exit 7 naming it, with a remedy', async () => {
    const dir = fx.dirWith({});
    mkdirSync(join(dir, AUDIT_LOG), { recursive: true });
    const r = await runMain(['log'], fx.env(dir));
    expectHandled(r, 'log with a directory for a log');
    expect(r.code).toBe(7);
    expect(r.stderr).toMatch(/audit\.log is a directory, not a regular file/);
    expect(r.stderr).toContain('Move it aside');
  });
});
