// What fbtok hands to the programs it starts (a bot under `exec`, a docker credential helper).

/** fbtok's own secrets: they stay with fbtok unless a command hands one over on purpose. */
export const FBTOK_SECRET_VARIABLES = ['FBTOK_APP_SECRET', 'FBTOK_CLIENT_TOKEN', 'FBTOK_ACCESS_TOKEN', 'FBTOK_STORE_PASSPHRASE'] as const;

export function withoutFbtokSecrets(env: Record<string, string | undefined>): Record<string, string | undefined> {
  const copy = { ...env };
  for (const name of FBTOK_SECRET_VARIABLES) delete copy[name];
  return copy;
}
