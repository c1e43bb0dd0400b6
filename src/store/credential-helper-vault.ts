// Secrets through a Docker credential helper (`docker-credential-NAME store|get|erase`), e.g. pass,
// secretservice, osxkeychain, wincred. Secrets travel only on stdin, never in argv.
import { withoutFbtokSecrets } from '../util/child-env.js';
import { spawn } from 'node:child_process';
import { StoreUnavailableError } from '../errors.js';
import { redact } from '../util/redact.js';
import { formatSeconds } from './call-timeout.js';
import type { SecretVault } from './secret-vault.js';

export interface CredentialHelperVaultOptions {
  /** NAME in docker-credential-NAME. */
  name: string;
  env: Record<string, string | undefined>;
  timeoutMs: number;
  concurrency?: number;
}

interface HelperResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

const NOT_FOUND = /credentials not found/i;

/** Server URL under which a secret is filed: `fbtok://<profile>/<name>`. */
export function helperServerUrl(account: string): string {
  return `fbtok://${account}`;
}

export function createCredentialHelperVault(options: CredentialHelperVaultOptions): SecretVault {
  const program = `docker-credential-${options.name}`;
  const remedy = `Check \`${program} list\` works, or use another store: \`--store keychain\`, or \`--store file\` with FBTOK_STORE_PASSPHRASE.`;
  const fail = (message: string, cause?: unknown) => new StoreUnavailableError(message, remedy, cause);

  const run = (action: string, input: string, secret?: string): Promise<HelperResult> =>
    new Promise<HelperResult>((resolve, reject) => {
      // A helper may be any third-party binary: it gets the secret it stores, never fbtok's own.
      const child = spawn(program, [action], { env: withoutFbtokSecrets(options.env) as NodeJS.ProcessEnv, stdio: ['pipe', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        reject(fail(`${program} ${action} did not finish within ${formatSeconds(options.timeoutMs)}.`));
      }, options.timeoutMs);
      child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
      child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
      child.stdin.on('error', () => {}); // a helper that exits early closes its stdin; its exit code tells why.
      child.on('error', (error: NodeJS.ErrnoException) => {
        clearTimeout(timer);
        reject(
          error.code === 'ENOENT'
            ? fail(`${program} is not installed (not found on PATH).`, error)
            : fail(`${program} could not be started: ${error.message}`, error),
        );
      });
      child.on('close', (code) => {
        clearTimeout(timer);
        resolve({ code, stdout, stderr });
      });
      child.stdin.end(input);
    }).then((r) => {
      const text = `${r.stdout}\n${r.stderr}`;
      if (r.code === 0 || NOT_FOUND.test(text)) return r;
      let message = redact(text.trim() || `exit code ${r.code}`);
      if (secret) message = message.split(secret).join('<redacted>');
      throw fail(`${program} ${action} failed: ${message.slice(0, 500)}`);
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
      if (r.code !== 0) throw fail(`${program} store failed: ${redact(r.stdout.trim()).split(secret).join('<redacted>')}`);
    },
    async delete(account) {
      // Helpers disagree on erasing a missing entry (secretservice: success, pass: an error), so look first.
      if ((await this.get(account)) === undefined) return false;
      return (await run('erase', helperServerUrl(account))).code === 0;
    },
    close: async () => {},
  };
}
