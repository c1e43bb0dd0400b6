// The exit codes are a contract with scripts: README "Exit codes" documents each one.
export const ExitCode = {
  ok: 0,
  unexpected: 1,
  usage: 2,
  tokenInvalid: 3,
  missingPermission: 4,
  rateLimited: 5,
  graphUnavailable: 6,
  storeUnavailable: 7,
  loginRequiredSoon: 8,
  /** A deploy hook failed; the store change was kept. */
  deployHookFailed: 9,
  /** `fbtok usage --fail-above`: a usage figure is above the threshold. */
  usageAbove: 12,
  /** `token export --write --if-changed`: the file already holds these values. */
  exportUnchanged: 14,
  scanFoundToken: 10,
  scanFoundLiveToken: 11,
  /** scan: nothing found, but some files could not be scanned (each is listed with the reason). */
  scanIncomplete: 13,
  /** exec: the command exists but cannot be run; and not found (the shell's own codes). */
  commandNotExecutable: 126,
  commandNotFound: 127,
  interrupted: 130,
} as const;
export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];

export interface FbtokErrorOptions {
  /** Stable machine-readable code, e.g. 'TOKEN_EXPIRED'; appears in --json errors. */
  code: string;
  exitCode: number;
  /** One line telling the user what to do next. */
  remedy?: string;
  cause?: unknown;
}

/** Every failure a user can hit is one of these: a one-line cause, a remedy and an exit code. */
export class FbtokError extends Error {
  readonly code: string;
  readonly exitCode: number;
  readonly remedy?: string;
  constructor(message: string, options: FbtokErrorOptions) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'FbtokError';
    this.code = options.code;
    this.exitCode = options.exitCode;
    this.remedy = options.remedy;
  }
}

export class UsageError extends FbtokError {
  constructor(message: string, remedy?: string, code = 'USAGE') {
    super(message, { code, exitCode: ExitCode.usage, remedy });
    this.name = 'UsageError';
  }
}

export class TokenInvalidError extends FbtokError {
  constructor(message: string, remedy = 'Run `fbtok login` to get a new token.', cause?: unknown) {
    super(message, { code: 'TOKEN_INVALID', exitCode: ExitCode.tokenInvalid, remedy, cause });
    this.name = 'TokenInvalidError';
  }
}

export class StoreUnavailableError extends FbtokError {
  constructor(message: string, remedy?: string, cause?: unknown) {
    super(message, {
      code: 'STORE_UNAVAILABLE',
      exitCode: ExitCode.storeUnavailable,
      remedy:
        remedy ??
        // The persistent fix first: `--store file` alone works once, and the next command is back here.
        'Use the file store: `fbtok config set store file` keeps it for this profile (`--store file` for one run); set FBTOK_STORE_PASSPHRASE to encrypt it.',
      cause,
    });
    this.name = 'StoreUnavailableError';
  }
}

/** What a declined or interrupted question leaves behind, said as one plain line (exit 130). */
export const NOTHING_CHANGED = 'Nothing changed.';

export class CancelledError extends FbtokError {
  constructor(message = 'Interrupted.') {
    super(message, { code: 'INTERRUPTED', exitCode: ExitCode.interrupted });
    this.name = 'CancelledError';
  }
}

/** For a value that needs a prompt when stdin is not a TTY: name the flag or variable instead. */
export function needsInput(what: string, howToProvide: string): UsageError {
  return new UsageError(`${what} is needed, and there is no terminal to ask on.`, howToProvide, 'INPUT_REQUIRED');
}
