// Puts tokens straight into a store (no Graph), for benchmarks that only read them.
import { join } from 'node:path';
import { root } from './lib.mjs';

export async function seedStore(env, tokens) {
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
