// Puts tokens straight into a store (no Graph), for benchmarks that only read them. It runs in a child
// process with the given environment: the keychain binding reads its D-Bus address once per process.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { root } from './lib.mjs';

export async function seedStore(env, tokens) {
  execFileSync(process.execPath, [import.meta.filename], {
    env: { ...process.env, ...env }, input: JSON.stringify(tokens), stdio: ['pipe', 'inherit', 'inherit'], timeout: 300_000, killSignal: 'SIGKILL',
  });
}

async function seedFromStdin() {
  const tokens = JSON.parse(await new Response(process.stdin).text());
  const env = process.env;
  const { createTokenStore } = await import(join(root, 'dist', 'store', 'create-store.js'));
  const { resolvePaths } = await import(join(root, 'dist', 'config', 'paths.js'));
  const { fingerprint } = await import(join(root, 'dist', 'store', 'fingerprint.js'));
  const { systemClock } = await import(join(root, 'dist', 'io', 'clock.js'));
  const store = await createTokenStore({
    kind: env.FBTOK_STORE ?? 'file', profile: 'default', paths: resolvePaths(env), env, clock: systemClock, interactive: false, warn: () => {},
  });
  const now = new Date().toISOString();
  await store.put(
    tokens.map(({ name, secret, type = 'USER' }) => ({
      secret,
      record: {
        schemaVersion: 1, name, type, appId: env.FBTOK_APP_ID ?? null, subjectId: null, subjectName: null, scopes: [],
        expiresAt: null, dataAccessExpiresAt: null, obtainedAt: now, obtainedVia: 'import', fingerprint: fingerprint(secret),
      },
    })),
    { command: 'bench' },
  );
  await store.close();
}

if (process.argv[1] === import.meta.filename) await seedFromStdin();
