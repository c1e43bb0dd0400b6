import type { Clock } from './io/clock.js';
import type { IO } from './io/io.js';
import type { Prompter } from './io/prompt.js';
import type { OpenUrl } from './io/open-url.js';
import type { Paths } from './config/paths.js';
import type { ProfileConfig } from './config/profile.js';
import type { GraphClient } from './graph/types.js';
import type { TokenStore } from './store/token-store.js';

export type Env = Record<string, string | undefined>;

/** Options every command accepts (see program.ts). */
export interface GlobalOptions {
  profile: string;
  json: boolean;
  verbose: boolean;
  /** Per HTTP attempt. */
  timeoutMs: number;
  /** Longest rate-limit wait the client sits out before giving up with exit 5. */
  maxWaitMs: number;
  graphVersion?: string;
  store?: string;
  color: boolean;
}

/**
 * Everything a command may touch from the outside world. Commands never import
 * process, chalk, @inquirer/prompts, open or the keychain binding: they go through this.
 */
export interface Context {
  readonly version: string;
  readonly env: Env;
  readonly io: IO;
  readonly clock: Clock;
  readonly paths: Paths;
  readonly globals: GlobalOptions;
  /** Aborted on Ctrl-C (SIGINT): long waits (login listener, polling, backoff) end with exit 130. */
  readonly signal: AbortSignal;
  /** The profile's settings with environment overrides. */
  config(): Promise<ProfileConfig>;
  /** The app secret (FBTOK_APP_SECRET, else the store); undefined when neither has one. */
  appSecret(): Promise<string | undefined>;
  /** The client token (FBTOK_CLIENT_TOKEN, else the store), for device login. */
  clientToken(): Promise<string | undefined>;
  /**
   * Uses app credentials typed at a prompt for the rest of this run, even when the user chose
   * not to save them. Call before graph() so the client signs calls with the secret.
   */
  useAppCredentials(credentials: { appId?: string; appSecret?: string }): void;
  graph(): Promise<GraphClient>;
  store(): Promise<TokenStore>;
  prompter(): Prompter;
  openUrl: OpenUrl;
  /** A redacted diagnostic line on stderr, shown only with --verbose. */
  debug(line: string): void;
  /** Releases what the getters created (sockets, keychain handles) so the process can exit. */
  close(): Promise<void>;
}
