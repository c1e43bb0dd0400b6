// The flags every store-changing command shares (rotate, page-tokens, login, exchange-long-lived):
// one place declares and parses them, so each command file gains two lines.
import type { Command } from 'commander';
import { parseEnvFlag, type TokenRef } from '../exec/env-plan.js';
import { parseDuration } from '../util/duration.js';
import { UsageError } from '../errors.js';

export const DEFAULT_HOOK_TIMEOUT = '60s';

const collect = (value: string, previous: string[] = []) => [...previous, value];

export interface HookOptions {
  /** --deploy-hook CMD (repeatable): run by /bin/sh after a store change, before the hooks/deploy/ ones. */
  deployHooks: string[];
  /** --failure-hook CMD (repeatable): run when a token is dead or only a login can help (exit 3 or 8). */
  failureHooks: string[];
  /** --hook-env NAME=token-name: the only way a secret reaches a hook (its environment, never argv). */
  hookEnv: Array<{ envName: string; ref: TokenRef }>;
  timeoutMs: number;
  /** The command's own --dry-run: list the hooks, run none. */
  dryRun: boolean;
}

export function addDeployHookOptions(command: Command): Command {
  command.option('--deploy-hook <cmd>', 'run CMD (via /bin/sh) once after a store change; repeatable', collect, []);
  command.option('--failure-hook <cmd>', 'run CMD when a token is dead or only a login can help; repeatable', collect, []);
  command.option('--hook-env <name=token>', 'give hooks a stored token in variable NAME; repeatable', collect, []);
  command.option('--hook-timeout <duration>', `stop a hook after this long (default ${DEFAULT_HOOK_TIMEOUT}; then exit 9)`);
  return command;
}

export function parseHookFlags(flags: Record<string, unknown>): HookOptions {
  const list = (v: unknown) => ((v as string[] | undefined) ?? []).map(String);
  const hookEnv = list(flags.hookEnv).map((spec) => {
    const parsed = parseEnvFlag(spec);
    if (parsed.ref.profile !== undefined) {
      throw new UsageError('--hook-env takes a token of this profile.', 'Run the command with --profile of that token, or use `fbtok exec` in the hook.', 'INVALID_ENV');
    }
    return parsed;
  });
  for (const cmd of [...list(flags.deployHook), ...list(flags.failureHook)]) {
    if (cmd.trim() === '') throw new UsageError('An empty hook command was given.', 'Give a command, e.g. --deploy-hook "systemctl reload mybot".');
  }
  return {
    deployHooks: list(flags.deployHook),
    failureHooks: list(flags.failureHook),
    hookEnv,
    timeoutMs: parseDuration(String(flags.hookTimeout ?? DEFAULT_HOOK_TIMEOUT), '--hook-timeout'),
    dryRun: Boolean(flags.dryRun),
  };
}
