// Deploy and failure hooks around a command's flow, as certbot's renewal hooks: deploy hooks run once per
// run and only when the store changed; a failing hook keeps the change, is reported and audited, and the
// run exits 9. Failure hooks run when a token is dead or only a login can help (exit 3 or 8).
import type { Context } from '../context.js';
import { CancelledError, ExitCode, FbtokError } from '../errors.js';
import { appendAuditLog } from '../store/audit-log.js';
import type { TokenStore } from '../store/token-store.js';
import { findHooks, hookDir, type Hook, type HookKind } from './find-hooks.js';
import type { HookOptions } from './hook-options.js';
import { clean, runHook, type HookResult } from './run-hook.js';
import { hookEnvironment } from './hook-env.js';

const FAILURE_CODES: readonly number[] = [ExitCode.tokenInvalid, ExitCode.loginRequiredSoon];

export async function withHooks(ctx: Context, opts: HookOptions, command: string, flow: () => Promise<number | void>): Promise<number> {
  const { configDir } = ctx.paths;
  const profile = ctx.globals.profile;
  const [deploy, failure] = await Promise.all([
    findHooks(opts.deployHooks, hookDir(configDir, profile, 'deploy')),
    findHooks(opts.failureHooks, hookDir(configDir, profile, 'failure')),
  ]);
  if (opts.dryRun) {
    const code = (await flow()) ?? 0;
    listHooks(ctx, 'Deploy hooks to run if something changes', deploy);
    listHooks(ctx, 'Failure hooks to run if a token is dead or needs a login', failure);
    return code;
  }
  if (deploy.length === 0 && failure.length === 0) return (await flow()) ?? 0;

  const store = await ctx.store();
  const before = deploy.length > 0 ? await fingerprints(store) : new Map<string, string>();
  let code = 0;
  let thrown: unknown;
  try {
    code = (await flow()) ?? 0;
  } catch (error) {
    thrown = error;
  }
  let hookFailed = false;
  if (deploy.length > 0) {
    // After a failed run the store may be what failed: its error, not this one, is the one to report.
    const after = await fingerprints(store).catch((error: unknown) => {
      if (thrown === undefined) throw error;
      return before;
    });
    const changed = [...after].filter(([name, fp]) => before.get(name) !== fp).map(([name]) => name);
    if (changed.length > 0) hookFailed = !(await runAll(ctx, store, opts, command, 'deploy', deploy, { FBTOK_CHANGED: changed.join(' ') }));
  }
  const failedCode = thrown instanceof FbtokError ? thrown.exitCode : thrown === undefined ? code : undefined;
  if (failure.length > 0 && failedCode !== undefined && FAILURE_CODES.includes(failedCode)) {
    const invalid = (await store.list().catch(() => [])).filter((r) => r.invalid).map((r) => r.name);
    const why = thrown instanceof Error ? clean(thrown.message, []) : failedCode === ExitCode.tokenInvalid ? 'a token is invalid' : 'only a login renews a token soon';
    await runAll(ctx, store, opts, command, 'failure', failure, { FBTOK_EXIT_CODE: String(failedCode), FBTOK_FAILED: invalid.join(' '), FBTOK_REASON: why });
  }
  if (thrown !== undefined) throw thrown;
  // Ctrl-C stopped the hooks: exit 130 like any interrupted run (the store change stays).
  if (ctx.signal.aborted) throw new CancelledError('Interrupted while running hooks; the store change was kept.');
  return code === 0 && hookFailed ? ExitCode.deployHookFailed : code;
}

/** Runs the hooks one after another (a later one may depend on an earlier); true when all succeeded. */
async function runAll(ctx: Context, store: TokenStore, opts: HookOptions, command: string, kind: HookKind, hooks: Hook[], extra: Record<string, string>): Promise<boolean> {
  const { env, secrets, missing } = await hookEnvironment(ctx, store, opts.hookEnv, { ...extra, FBTOK_HOOK: kind, FBTOK_COMMAND: command });
  const results: HookResult[] = [];
  for (const hook of hooks) {
    const label = clean(hook.name, secrets);
    if (ctx.signal.aborted) {
      results.push({ name: hook.name, ok: false, status: 'not run: interrupted', exitCode: null });
    } else if (missing.length > 0) {
      results.push({ name: hook.name, ok: false, status: `not run: no token named ${missing.map((m) => `"${clean(m, [])}"`).join(', ')} for --hook-env`, exitCode: null });
    } else {
      ctx.debug(`running ${kind} hook ${label}`);
      results.push(await runHook(hook, { env, secrets, timeoutMs: opts.timeoutMs, signal: ctx.signal, line: (l) => ctx.io.err(`[${kind} hook ${label}] ${l}`) }));
    }
  }
  await audit(ctx, command, kind, results);
  const failed = results.filter((r) => !r.ok);
  for (const r of failed) {
    const kept = kind === 'deploy' ? `; the new token${extra.FBTOK_CHANGED?.includes(' ') ? 's stay' : ' stays'} stored` : '';
    ctx.io.err(ctx.io.style.red(`error: ${kind} hook "${clean(r.name, secrets)}" failed (${r.status})${kept}.`));
  }
  if (failed.length > 0) {
    const again = kind === 'deploy' ? ` Run it again by hand with FBTOK_CHANGED="${extra.FBTOK_CHANGED}".` : '';
    ctx.io.err(`  Fix the hook (its output is above, \`fbtok log\` records the failure).${again}`);
  } else if (results.length > 0) ctx.io.err(`Ran ${results.length} ${kind} hook${results.length === 1 ? '' : 's'}.`);
  return failed.length === 0;
}

async function fingerprints(store: TokenStore): Promise<Map<string, string>> {
  return new Map((await store.list()).map((r) => [r.name, r.fingerprint]));
}

function listHooks(ctx: Context, title: string, hooks: Hook[]): void {
  if (hooks.length === 0) return;
  ctx.io.err(`${title}:`);
  for (const hook of hooks) ctx.io.err(`  ${clean(hook.name, [])}`);
}

async function audit(ctx: Context, command: string, kind: HookKind, results: HookResult[]): Promise<void> {
  const time = new Date(ctx.clock.now()).toISOString();
  const entries = results.map((r) => ({
    time, command, profile: ctx.globals.profile, name: `${kind}-hook:${r.name.slice(0, 200)}`, action: 'hook' as const,
    outcome: r.ok ? 'ok' : `failed: ${r.status}`, oldFingerprint: null, newFingerprint: null, expiresAt: null, previousExpiresAt: null,
  }));
  await appendAuditLog(ctx.paths.stateDir, entries).catch((error: Error) => ctx.io.warn(`Could not write the audit log: ${error.message}`));
}
