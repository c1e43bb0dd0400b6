import type { Command } from 'commander';
import { withoutFbtokSecrets } from '../util/child-env.js';
import { readFile } from 'node:fs/promises';
import type { Context } from '../context.js';
import { collect, withExamples, type AppHandle } from './command-kit.js';
import { ExitCode, FbtokError, UsageError } from '../errors.js';
import { parseDuration } from '../util/duration.js';
import { requireAppSecret } from '../tokens/app-credentials.js';
import { buildEnvPlan, planFromEnvFile, validateEnvName, type EnvPlan } from '../exec/env-plan.js';
import { profileContexts, resolveTokens } from '../exec/resolve-tokens.js';
import { checkTokens } from '../exec/check-tokens.js';
import { runChild } from '../exec/run-child.js';
import type { OnSignals } from '../exec/process-signals.js';

const DEFAULT_MIN_VALID = '1d';

export interface ExecOptions {
  /** The program and its arguments (after `--`). */
  command: string[];
  /** `NAME=TOKEN-NAME` specs. */
  env: string[];
  /** --dotenv: a dotenv file whose fbtok:// values are resolved. */
  dotenv?: string;
  appSecretEnv?: string;
  mask: boolean;
  check: boolean;
  minValidMs: number;
  rotateWithinMs?: number;
  /** Signal subscription (default: the process's SIGINT, SIGTERM, SIGHUP); tests pass a fake. */
  onSignals?: OnSignals;
}

export function registerExec(program: Command, app: AppHandle, run = runExec): void {
  const command = program
    .command('exec')
    .argument('<command...>', 'the program and its arguments, after --')
    .option('--env <NAME=TOKEN-NAME>', 'set NAME to a stored token (repeatable)', collect)
    .option('--dotenv <file>', 'dotenv file whose fbtok://NAME values are resolved')
    .option('--app-secret-env <NAME>', 'also set NAME to the app secret')
    .option('--mask', 'replace handed-out secrets with <redacted> in the child\'s output')
    .option('--check', 'refuse to start with an invalid or soon-expiring token')
    .option('--min-valid <duration>', 'with --check: least time left (default 1d)')
    .option('--rotate-within <duration>', 'rotate what is due within this window first')
    .addHelpText(
      'after',
      '\nThe child gets fbtok\'s environment plus the tokens; its exit code (128 + signal\n' +
        'number when a signal killed it) becomes fbtok\'s. SIGINT, SIGTERM and SIGHUP are\n' +
        'passed on to it. Exit 127: the program was not found; 126: it is not executable;\n' +
        '2: a malformed --env or a name not stored; 3: an invalid token (the program is\n' +
        'not started). In a --dotenv file, a value fbtok://NAME or fbtok://PROFILE/NAME\n' +
        'is replaced by that stored token; other values pass through. (Not --env-file:\n' +
        'Node.js takes that option for itself, before fbtok starts.)',
    );
  withExamples(command, [
    'fbtok exec --env PAGE_ACCESS_TOKEN=page:1234567890 -- node bot.js',
    'fbtok exec --dotenv .env --mask -- npm start',
    'fbtok exec --env PAGE_ACCESS_TOKEN=page:1234567890 --check --min-valid 7d -- node bot.js',
  ]);
  command.action(async (argv: string[], flags: Record<string, unknown>) => app.run((ctx) => run(parseExecFlags(argv, flags), ctx)));
}

/** Flag combinations are checked here, before anything is read. */
export function parseExecFlags(argv: string[], flags: Record<string, unknown>): ExecOptions {
  const env = (flags.env as string[] | undefined) ?? [];
  const dotenv = flags.dotenv as string | undefined;
  const appSecretEnv = flags.appSecretEnv as string | undefined;
  if (appSecretEnv !== undefined) validateEnvName(appSecretEnv, '--app-secret-env');
  if (env.length === 0 && !dotenv && !appSecretEnv) {
    throw new UsageError('Nothing to hand out.', 'Give --env NAME=TOKEN-NAME, --dotenv <file> or --app-secret-env NAME.', 'NOTHING_TO_EXEC');
  }
  if (flags.minValid !== undefined && !flags.check) throw new UsageError('--min-valid only applies with --check.', 'Add --check, or drop --min-valid.');
  return {
    command: argv,
    env,
    dotenv,
    appSecretEnv,
    mask: Boolean(flags.mask),
    check: Boolean(flags.check),
    minValidMs: parseDuration(String(flags.minValid ?? DEFAULT_MIN_VALID), '--min-valid'),
    rotateWithinMs: flags.rotateWithin === undefined ? undefined : parseDuration(String(flags.rotateWithin), '--rotate-within'),
  };
}

/**
 * Resolves every token first (nothing starts when one is missing or invalid), then runs the child
 * and returns its exit code. ctx.signal is deliberately ignored: Ctrl-C reaches the child (forwarded,
 * and from the terminal), which decides when to stop; fbtok exits when it does.
 */
export async function runExec(opts: ExecOptions, ctx: Context): Promise<number> {
  const dotenv = opts.dotenv ? await readDotenv(opts.dotenv) : undefined;
  const plan = buildEnvPlan(dotenv, opts.env);
  if (opts.appSecretEnv) plan.tokens.delete(opts.appSecretEnv);
  const contexts = profileContexts(ctx);
  try {
    const refs = [...plan.tokens.values()];
    let tokens = await resolveTokens(refs, contexts, ctx.clock.now());
    if (opts.rotateWithinMs !== undefined) {
      await rotateDue(opts.rotateWithinMs, tokens.filter((t) => t.ctx === ctx).map((t) => t.ref.name), ctx);
      tokens = await resolveTokens(refs, contexts, ctx.clock.now()); // rotated secrets
    }
    if (opts.check && tokens.length) await checkTokens({ tokens, minValidMs: opts.minValidMs, nowMs: ctx.clock.now() });
    const handed: Record<string, string> = { ...plan.plain };
    const byRef = new Map(tokens.map((t) => [t.ref, t.secret]));
    for (const [envName, ref] of plan.tokens) handed[envName] = byRef.get(ref)!;
    if (opts.appSecretEnv) handed[opts.appSecretEnv] = await requireAppSecret(ctx);
    const secrets = [...tokens.map((t) => t.secret), ...(opts.appSecretEnv ? [handed[opts.appSecretEnv]] : [])];
    ctx.debug(`exec: starting ${opts.command[0]} with ${Object.keys(handed).length} variable(s) set`);
    return await runChild({
      command: opts.command[0],
      args: opts.command.slice(1),
      env: { ...withoutFbtokSecrets(ctx.env), ...handed },
      mask: opts.mask ? { secrets, stdout: ctx.io.stdout, stderr: ctx.io.stderr } : undefined,
      onSignals: opts.onSignals,
    });
  } finally {
    await contexts.close();
  }
}

async function readDotenv(path: string): Promise<EnvPlan> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'unreadable';
    throw new UsageError(`Cannot read --dotenv ${path} (${code}).`, 'Give the path of a dotenv file (KEY=value lines).', 'ENV_FILE_UNREADABLE');
  }
  const { parse } = await import('dotenv');
  return planFromEnvFile(parse(text), path);
}

/**
 * ROTATE HOOK: `--rotate-within` runs the rotation engine of `fbtok rotate` (runRotation) on the
 * named tokens of this profile; its table is not printed, since stdout belongs to the child.
 * Invalid (3) or failing stops here; "only a login renews it" (8) still starts: the token works for now.
 */
async function rotateDue(withinMs: number, names: string[], ctx: Context): Promise<void> {
  if (names.length === 0) return;
  const { runRotation } = await import('../rotate/run-rotation.js');
  const { worstExitCode } = await import('../rotate/outcome.js');
  const outcomes = await runRotation({ names: [...new Set(names)], withinMs, dryRun: false, force: false }, ctx);
  const rotated = outcomes.filter((o) => o.action === 'rotated').map((o) => o.name);
  if (rotated.length) ctx.io.err(`Rotated ${rotated.join(', ')} before starting.`);
  const code = worstExitCode(outcomes);
  const failed = outcomes.filter((o) => o.exitCode !== 0);
  if (code === ExitCode.loginRequiredSoon) {
    for (const o of failed) ctx.io.warn(`${o.name}: ${o.reason}`);
  } else if (code !== ExitCode.ok) {
    const why = failed.map((o) => `${o.name}: ${o.reason}`).join('; ');
    throw new FbtokError(`Rotation before exec failed (${why}); the program was not started.`, { code: 'ROTATE_FAILED', exitCode: code, remedy: 'Run `fbtok rotate` to see why, or `fbtok login`.' });
  }
}
