import type { Context, Env, GlobalOptions } from './context.js';
import type { Clock } from './io/clock.js';
import type { IO } from './io/io.js';
import type { GraphClient } from './graph/types.js';
import type { TokenStore } from './store/token-store.js';
import type { ProfileConfig } from './config/profile.js';
import { resolvePaths } from './config/paths.js';
import { readConfigFile } from './config/config-file.js';
import { resolveProfile } from './config/profile.js';
import { createPrompter } from './io/prompt.js';
import { startProgress } from './io/progress.js';
import { createOpenUrl, type OpenUrl } from './io/open-url.js';
import { redact, registerSecret } from './util/redact.js';

export interface ContextDeps {
  version: string;
  env: Env;
  io: IO;
  clock: Clock;
  globals: GlobalOptions;
  signal?: AbortSignal;
  openUrl?: OpenUrl;
  /** Tests pass an undici dispatcher (MockAgent); production uses a keep-alive Agent. */
  dispatcher?: import('undici').Dispatcher;
}

/** The one place dependencies are wired; each is built on first use (gh's factory pattern). */
export function createContext(deps: ContextDeps): Context {
  const { env, io, clock, globals } = deps;
  const paths = resolvePaths(env);
  let configP: Promise<ProfileConfig> | undefined;
  let storeP: Promise<TokenStore> | undefined;
  let graphP: Promise<GraphClient> | undefined;
  const secretCache = new Map<string, Promise<string | undefined>>();
  let appIdOverride: string | undefined;

  const ctx: Context = {
    version: deps.version,
    env,
    io,
    clock,
    paths,
    globals,
    signal: deps.signal ?? new AbortController().signal,
    config: async () => {
      configP ??= readConfigFile(paths.configDir).then((file) =>
        resolveProfile({
          profile: globals.profile,
          settings: file.profiles[globals.profile] ?? {},
          env,
          graphVersionFlag: globals.graphVersion,
          storeFlag: globals.store,
        }),
      );
      const config = await configP;
      return appIdOverride ? { ...config, appId: appIdOverride } : config;
    },
    useAppCredentials: ({ appId, appSecret }) => {
      if (appId) appIdOverride = appId;
      if (appSecret) {
        registerSecret(appSecret);
        secretCache.set('app-secret', Promise.resolve(appSecret));
      }
    },
    appSecret: () => readSecret('app-secret', env.FBTOK_APP_SECRET),
    clientToken: () => readSecret('client-token', env.FBTOK_CLIENT_TOKEN),
    store: () =>
      (storeP ??= (async () => {
        const config = await ctx.config();
        const { createTokenStore } = await import('./store/create-store.js');
        return createTokenStore({
          kind: config.storeKind,
          profile: config.profile,
          paths,
          env,
          clock,
          // stderr alone: the first write is usually `printf ... | fbtok config set app-secret --stdin`.
          interactive: io.stderrIsTTY,
          warn: (line) => io.warn(line),
        });
      })()),
    graph: () =>
      (graphP ??= (async () => {
        const config = await ctx.config();
        const appSecret = await ctx.appSecret().catch(() => undefined);
        // undici parses HTTP with llhttp compiled to WebAssembly. Optimising that module (TurboFan) costs a
        // short-lived CLI ~35 MB and CPU it never earns back; baseline code (Liftoff) parses fast enough.
        (await import('node:v8')).setFlagsFromString('--liftoff-only');
        const { createGraphClient } = await import('./graph/client.js');
        const { createSitOut } = await import('./io/countdown.js');
        const { progressShown } = await import('./io/progress.js');
        return createGraphClient({
          baseUrl: config.graphUrl,
          version: config.graphVersion,
          appSecret,
          timeoutMs: globals.timeoutMs,
          maxWaitMs: globals.maxWaitMs,
          retryBaseMs: retryBaseMs(env),
          clock,
          userAgent: `fbtok/${deps.version}`,
          dispatcher: deps.dispatcher,
          log: globals.verbose ? (line) => io.err(redact(line)) : undefined,
          warn: (line) => io.warn(line),
          sitOut: createSitOut({ clock, write: (text) => void io.stderr.write(text), warn: (line) => io.warn(line), live: progressShown(ctx) }),
          onWait: (text) => startProgress(ctx, text),
        });
      })()),
    prompter: () => createPrompter({ io, signal: ctx.signal }),
    openUrl: deps.openUrl ?? createOpenUrl(env),
    debug: (line) => {
      if (globals.verbose) io.err(io.style.dim(redact(line)));
    },
    close: async () => {
      const graph = graphP && (await graphP.catch(() => undefined));
      const store = storeP && (await storeP.catch(() => undefined));
      if (graph) reportUsage(graph);
      await Promise.all([graph?.close(), store?.close()]);
    },
  };

  /** The highest rate-limit usage seen, only with --verbose: a line, or a JSON line with --json too (stderr). */
  function reportUsage(graph: GraphClient): void {
    const top = graph.stats.maxUsage;
    if (!top || !globals.verbose) return;
    const usage = { header: top.header, percent: top.percent, regainAccessMinutes: top.regainAccessMinutes ?? null, requests: graph.stats.requests };
    io.err(globals.json ? JSON.stringify({ graphUsage: usage }) : `Graph API usage: highest ${top.percent}% (${top.header}) over ${graph.stats.requests} request(s).`);
  }

  function readSecret(kind: 'app-secret' | 'client-token', fromEnv: string | undefined): Promise<string | undefined> {
    let p = secretCache.get(kind);
    if (!p) {
      p = fromEnv ? Promise.resolve(fromEnv) : ctx.store().then((store) => store.getAppSecret(kind));
      p = p.then((value) => {
        registerSecret(value);
        return value;
      });
      secretCache.set(kind, p);
    }
    return p;
  }

  return ctx;
}

/** FBTOK_RETRY_BASE_MS: a shorter first backoff (tests and fault drills); absent or invalid = the default. */
function retryBaseMs(env: Env): number | undefined {
  const value = Number(env.FBTOK_RETRY_BASE_MS);
  return env.FBTOK_RETRY_BASE_MS && Number.isFinite(value) && value >= 0 ? value : undefined;
}
