// Shared set-up for the token command tests: an in-process emulator, a throw-away file store, the real CLI.
import { startEmulator, type Emulator, type EmulatorOptions } from '../../src/emulator/index.js';
import { runCli, tempConfigDir, type CliResult } from '../helpers/run-cli.js';

export interface Fixture {
  emu: Emulator;
  env: Record<string, string>;
  cli(args: string[], options?: { input?: string; env?: Record<string, string | undefined> }): Promise<CliResult>;
  /** `fbtok <args> --json`, asserting the exit code, parsed stdout. */
  json<T = any>(args: string[], options?: { input?: string; code?: number; env?: Record<string, string> }): Promise<T>;
  /** Stores a token with `token import` (asserts success). */
  importToken(token: string, name?: string): Promise<void>;
  close(): Promise<void>;
}

export async function setUp(options: EmulatorOptions = {}): Promise<Fixture> {
  const emu = await startEmulator(options);
  const dir = tempConfigDir();
  const env = {
    FBTOK_CONFIG_DIR: dir.dir,
    FBTOK_STORE: 'file',
    FBTOK_GRAPH_URL: emu.url,
    FBTOK_WWW_URL: emu.url,
    FBTOK_APP_ID: emu.appId,
    FBTOK_APP_SECRET: emu.appSecret,
  };
  const cli: Fixture['cli'] = (args, o = {}) => runCli(args, { env: { ...env, ...o.env }, input: o.input });
  const fixture: Fixture = {
    emu,
    env,
    cli,
    async json(args, o = {}) {
      const r = await cli([...args, '--json'], o);
      if (r.code !== (o.code ?? 0)) throw new Error(`fbtok ${args.join(' ')} exited ${r.code}: ${r.stderr}`);
      return JSON.parse(r.stdout);
    },
    async importToken(token, name) {
      const r = await cli(['token', 'import', '--token-stdin', ...(name ? ['--name', name] : [])], { input: token });
      if (r.code !== 0) throw new Error(`token import exited ${r.code}: ${r.stderr}`);
    },
    async close() {
      await emu.close();
      dir.remove();
    },
  };
  return fixture;
}

/** Fails when any of the secrets appears in the output. */
export function expectNoSecrets(r: Pick<CliResult, 'stdout' | 'stderr'>, secrets: string[]): void {
  for (const s of secrets) {
    if (r.stdout.includes(s) || r.stderr.includes(s)) throw new Error(`a secret (${s.slice(0, 6)}...) was printed`);
  }
}

/** Replaces dates and time spans that change from run to run, for golden comparisons. */
export function maskTimes(text: string): string {
  return text
    .replace(/\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(:\d{2}(\.\d+)?)?( UTC|Z)?/g, '<date>')
    .replace(/\b(\d+d )?\d+[dhms]\b( \d+[hm]\b)?/g, '<span>');
}
