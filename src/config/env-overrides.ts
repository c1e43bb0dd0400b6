// Which environment variables are in effect over what is stored: a token or secret set in the shell wins
// over the stored one without a word otherwise, and "it works in my shell but not in cron" follows.
// Names only, never values (some are secrets).

export interface EnvOverride {
  variable: string;
  /** What it takes the place of, for people. */
  overrides: string;
}

const OVERRIDES: Array<[string, string]> = [
  ['FBTOK_PROFILE', 'the default profile (`fbtok profile use`)'],
  ['FBTOK_APP_ID', "the profile's app id"],
  ['FBTOK_APP_SECRET', 'the app secret in the store'],
  ['FBTOK_CLIENT_TOKEN', 'the client token in the store'],
  ['FBTOK_ACCESS_TOKEN', 'the stored token for exchange-long-lived, page-tokens, revoke and debug-token'],
  ['FBTOK_STORE', "the profile's store"],
  ['FBTOK_GRAPH_VERSION', "the profile's Graph API version"],
  ['FBTOK_GRAPH_URL', 'the Graph API host (graph.facebook.com)'],
];

export function envOverrides(env: Record<string, string | undefined>): EnvOverride[] {
  return OVERRIDES.filter(([variable]) => Boolean(env[variable])).map(([variable, overrides]) => ({ variable, overrides }));
}
