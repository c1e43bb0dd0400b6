// Secrets through a Docker credential helper (`docker-credential-NAME store|get|erase`), e.g. pass,
// secretservice, osxkeychain, wincred. Secrets travel only on stdin, never in argv.
import { withoutFbtokSecrets } from '../util/child-env.js';
import { spawn, type ChildProcess } from 'node:child_process';
import { StoreUnavailableError } from '../errors.js';
import { formatSeconds } from './call-timeout.js';
import { describeHelperFailure } from './helper-output.js';
import type { SecretVault } from './secret-vault.js';

export interface CredentialHelperVaultOptions {
  /** NAME in docker-credential-NAME. */
  name: string;
  env: Record<string, string | undefined>;
  timeoutMs: number;
  concurrency?: number;
  platform?: NodeJS.Platform;
}

interface HelperResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

const NOT_FOUND = /credentials not found/i;
/** After the helper itself exited, how long its output may still take to drain (a grandchild may hold the pipe). */
const DRAIN_MS = 250;

/** Server URL under which a secret is filed: `fbtok://<profile>/<name>`. */
export function helperServerUrl(account: string): string {
  return `fbtok://${account}`;
}

/** The helper and everything it started (`pass` → `gpg` → pinentry): its own process group on POSIX. */
function killTree(child: ChildProcess, ownGroup: boolean): void {
  try {
    if (ownGroup && child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
    else child.kill('SIGKILL');
  } catch {
    // Already gone.
  }
}

/** Stops listening to the helper: its pipes and handle no longer keep fbtok's event loop alive. */
function letGo(child: ChildProcess): void {
  child.stdin?.destroy();
  child.stdout?.destroy();
  child.stderr?.destroy();
  child.unref();
}

export function createCredentialHelperVault(options: CredentialHelperVaultOptions): SecretVault {
  const program = `docker-credential-${options.name}`;
  const remedy = `Check \`${program} list\` works, or use another store: \`--store keychain\`, or \`--store file\` with FBTOK_STORE_PASSPHRASE.`;
  const fail = (message: string, cause?: unknown) => new StoreUnavailableError(message, remedy, cause);
  const ownGroup = (options.platform ?? process.platform) !== 'win32';

  const run = (action: string, input: string, secret?: string): Promise<HelperResult> =>
    new Promise<HelperResult>((resolve, reject) => {
      // A helper may be any third-party binary: it gets the secret it stores, never fbtok's own.
      const child = spawn(program, [action], {
        env: withoutFbtokSecrets(options.env) as NodeJS.ProcessEnv,
        stdio: ['pipe', 'pipe', 'pipe'],
        detached: ownGroup,
      });
      let stdout = '';
      let stderr = '';
      let drain: NodeJS.Timeout | undefined;
      const finish = (settle: () => void) => {
        clearTimeout(timer);
        clearTimeout(drain);
        letGo(child);
        settle();
      };
      const timer = setTimeout(() => {
        killTree(child, ownGroup);
        finish(() => reject(fail(`${program} ${action} did not finish within ${formatSeconds(options.timeoutMs)}.`)));
      }, options.timeoutMs);
      child.stdout!.setEncoding('utf8').on('data', (d: string) => (stdout += d));
      child.stderr!.setEncoding('utf8').on('data', (d: string) => (stderr += d));
      child.stdin!.on('error', () => {}); // a helper that exits early closes its stdin; its exit code tells why.
      child.on('error', (error: NodeJS.ErrnoException) => {
        finish(() =>
          reject(
            error.code === 'ENOENT'
              ? fail(`${program} is not installed (not found on PATH).`, error)
              : fail(`${program} could not be started (${error.code ?? 'unknown error'}).`, error),
          ),
        );
      });
      // 'close' waits for the pipes, which a grandchild left running may hold open for ever: after 'exit'
      // the output gets a moment to drain, then it is taken as it is.
      child.on('exit', (code, signal) => {
        drain = setTimeout(() => finish(() => resolve({ code, signal, stdout, stderr })), DRAIN_MS);
      });
      child.on('close', (code, signal) => finish(() => resolve({ code, signal, stdout, stderr })));
      child.stdin!.end(input);
    }).then((r) => {
      if (r.code === 0 || NOT_FOUND.test(`${r.stdout}\n${r.stderr}`)) return r;
      throw fail(`${program} ${action} failed (${describeHelperFailure(r.code, r.signal, r.stderr, secret)}).`);
    });

  return {
    kind: `helper:${options.name}`,
    location: program,
    concurrency: options.concurrency ?? 4,
    async get(account) {
      const r = await run('get', helperServerUrl(account));
      if (r.code !== 0) return undefined;
      try {
        const secret = (JSON.parse(r.stdout) as { Secret?: unknown }).Secret;
        // docker-credential-pass 0.6 answers a missing entry with exit 0 and an empty Secret.
        return typeof secret === 'string' && secret !== '' ? secret : undefined;
      } catch {
        // No cause: JSON.parse quotes the start of what it read, and a helper that printed the bare secret
        // would have it shown by --verbose.
        throw fail(`${program} get printed something that is not JSON.`);
      }
    },
    async set(account, secret) {
      const payload = JSON.stringify({ ServerURL: helperServerUrl(account), Username: 'fbtok', Secret: secret });
      const r = await run('store', payload, secret);
      if (r.code !== 0) throw fail(`${program} store failed (${describeHelperFailure(r.code, r.signal, r.stderr, secret)}).`);
    },
    async delete(account) {
      // Helpers disagree on erasing a missing entry (secretservice: success, pass: an error), so look first.
      if ((await this.get(account)) === undefined) return false;
      return (await run('erase', helperServerUrl(account))).code === 0;
    },
    close: async () => {},
  };
}
