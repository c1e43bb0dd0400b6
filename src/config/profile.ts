import type { ProfileSettings } from './config-file.js';
import { UsageError } from '../errors.js';

export const DEFAULT_GRAPH_VERSION = 'v26.0';
export const DEFAULT_PORT = 8765;
export const DEFAULT_SCOPES = ['public_profile', 'pages_show_list', 'pages_messaging', 'pages_manage_metadata', 'pages_read_engagement'];
export const STORE_KINDS = ['keychain', 'file'] as const;

/** The profile's settings with environment overrides applied; secrets are read separately (store or env). */
export interface ProfileConfig {
  profile: string;
  appId?: string;
  graphUrl: string;
  wwwUrl: string;
  graphVersion: string;
  /** 'keychain', 'file' or 'helper:<name>'. */
  storeKind: string;
  port: number;
  scopes: string[];
  redirectUri?: string;
  pkce: boolean;
}

export interface ProfileInputs {
  profile: string;
  settings: ProfileSettings;
  env: Record<string, string | undefined>;
  /** Flags that override everything: --graph-version, --store. */
  graphVersionFlag?: string;
  storeFlag?: string;
}

export function resolveProfile(inputs: ProfileInputs): ProfileConfig {
  const { env, settings } = inputs;
  const graphVersion = inputs.graphVersionFlag ?? env.FBTOK_GRAPH_VERSION ?? settings.graphVersion ?? DEFAULT_GRAPH_VERSION;
  if (!/^v\d+\.\d+$/.test(graphVersion)) {
    throw new UsageError(`Invalid Graph API version "${graphVersion}".`, 'Use the form v26.0.', 'INVALID_GRAPH_VERSION');
  }
  const storeKind = inputs.storeFlag ?? env.FBTOK_STORE ?? settings.store ?? 'keychain';
  validateStoreKind(storeKind);
  return {
    profile: inputs.profile,
    appId: env.FBTOK_APP_ID || settings.appId,
    graphUrl: baseUrl(env.FBTOK_GRAPH_URL, 'FBTOK_GRAPH_URL', 'https://graph.facebook.com'),
    wwwUrl: baseUrl(env.FBTOK_WWW_URL, 'FBTOK_WWW_URL', 'https://www.facebook.com'),
    graphVersion,
    storeKind,
    port: settings.port ?? DEFAULT_PORT,
    scopes: settings.scopes ?? DEFAULT_SCOPES,
    redirectUri: settings.redirectUri,
    pkce: settings.pkce ?? true,
  };
}

export function validateStoreKind(kind: string): void {
  if ((STORE_KINDS as readonly string[]).includes(kind)) return;
  if (/^helper:[A-Za-z0-9._-]+$/.test(kind)) return;
  throw new UsageError(
    `Unknown store "${kind}".`,
    'Use --store keychain, --store file, or --store helper:NAME (a docker-credential-NAME helper).',
    'INVALID_STORE',
  );
}

export function validateProfileName(name: string): string {
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/.test(name)) {
    throw new UsageError(`Invalid profile name "${name.slice(0, 40)}".`, 'Use letters, digits, dot, dash or underscore.', 'INVALID_PROFILE');
  }
  return name;
}

/** An http(s) base URL without a trailing slash, or a usage error naming the variable. */
function baseUrl(value: string | undefined, variable: string, fallback: string): string {
  const url = (value || fallback).replace(/\/+$/, '');
  let parsed: URL | undefined;
  try {
    parsed = new URL(url);
  } catch {
    // reported below
  }
  if (!parsed || !/^https?:$/.test(parsed.protocol) || !parsed.host) {
    throw new UsageError(`${variable} is not an http(s) URL: "${url.slice(0, 80)}".`, `Set it like ${variable}=${fallback} (or http://127.0.0.1:PORT for the emulator).`, 'INVALID_URL');
  }
  return url;
}
