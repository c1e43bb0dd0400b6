// What every doctor check returns: one finding per line of the report, each with its fix.
import { ExitCode } from '../errors.js';

/** 'skip': the check could not run (a prerequisite failed, or nothing to look at); it never fails the run. */
export type FindingStatus = 'ok' | 'warn' | 'fail' | 'skip';

export interface Finding {
  /** Stable name of what was checked: 'config.app-id', 'store.permissions', 'token user', 'messenger page:123'. */
  check: string;
  status: FindingStatus;
  /** One line for people; never a token or secret. */
  message: string;
  /** What to do about it; null when nothing is to be done. */
  remedy: string | null;
  /** The exit code this finding asks for: 0 unless it failed. */
  exitCode: number;
}

export const ok = (check: string, message: string): Finding => ({ check, status: 'ok', message, remedy: null, exitCode: 0 });
export const warn = (check: string, message: string, remedy: string | null): Finding => ({ check, status: 'warn', message, remedy, exitCode: 0 });
export const skip = (check: string, message: string): Finding => ({ check, status: 'skip', message, remedy: null, exitCode: 0 });
export const fail = (check: string, message: string, remedy: string | null, exitCode: number): Finding => ({
  check, status: 'fail', message, remedy, exitCode,
});

/**
 * Which failure decides the exit code: causes before their effects. A bad config or an unreachable store or
 * Graph makes every later check meaningless; a dead token outranks a missing permission, which outranks
 * a token that is merely due soon.
 */
export const EXIT_PRECEDENCE: readonly number[] = [
  ExitCode.usage,
  ExitCode.storeUnavailable,
  ExitCode.graphUnavailable,
  ExitCode.tokenInvalid,
  ExitCode.missingPermission,
  ExitCode.rateLimited,
  ExitCode.loginRequiredSoon,
  ExitCode.unexpected,
];

/** 0 when nothing failed (warnings never fail); otherwise the failure ranked first by EXIT_PRECEDENCE. */
export function worstExitCode(findings: readonly Finding[]): number {
  const codes = findings.filter((f) => f.status === 'fail').map((f) => f.exitCode || ExitCode.unexpected);
  if (codes.length === 0) return ExitCode.ok;
  const rank = (code: number) => {
    const i = EXIT_PRECEDENCE.indexOf(code);
    return i === -1 ? EXIT_PRECEDENCE.length : i;
  };
  return codes.sort((a, b) => rank(a) - rank(b))[0];
}

/** A failed check from an error thrown by a dependency (FbtokError keeps its exit code and remedy). */
export function failFromError(check: string, prefix: string, error: unknown): Finding {
  const e = error as { message?: string; remedy?: string; exitCode?: number };
  const message = `${prefix}: ${e?.message ?? String(error)}`;
  return fail(check, message, e?.remedy ?? null, typeof e?.exitCode === 'number' && e.exitCode > 0 ? e.exitCode : ExitCode.unexpected);
}
