// Values for `fbtok config set KEY VALUE`, checked before they are saved (exit 2 with the form expected), so
// a bad value fails here and not at the next login.
import { UsageError } from '../errors.js';
import type { SettingKey } from './config-file.js';
import { validateStoreKind } from './profile.js';
import { isPermissionName } from '../graph/permissions.js';

/** Facebook compares the redirect URI exactly, and an OAuth redirect URI is absolute with no fragment. */
function parseRedirectUri(value: string): string {
  let url: URL | undefined;
  try {
    url = new URL(value);
  } catch {
    // reported below
  }
  if (!url || !/^https?:$/.test(url.protocol) || !url.host || url.hash || value.includes('#')) {
    throw new UsageError(`Invalid redirect-uri "${value.slice(0, 60)}".`, 'Give the full http(s) URI registered under Valid OAuth Redirect URIs, e.g. https://example.com/fb/callback.');
  }
  return value;
}

/** A value read from stdin may be a secret piped into the wrong key: never quote it back. */
export function parseFromInput(key: SettingKey, value: string, fromStdin: boolean): unknown {
  try {
    return parseSetting(key, value);
  } catch (error) {
    if (!fromStdin || !(error instanceof UsageError)) throw error;
    throw new UsageError(`Invalid ${key} (${value.length} characters read from stdin, not shown).`, error.remedy, error.code);
  }
}

function parseSetting(key: SettingKey, value: string): unknown {
  switch (key) {
    case 'port': {
      const port = Number(value);
      if (!Number.isInteger(port) || port < 1 || port > 65535) throw new UsageError(`Invalid port "${value}".`, 'Use a number from 1 to 65535.');
      return port;
    }
    case 'scopes': {
      const scopes = value.split(',').map((s) => s.trim()).filter(Boolean);
      const bad = scopes.find((scope) => !isPermissionName(scope));
      if (scopes.length === 0 || bad !== undefined) {
        throw new UsageError(`Invalid scopes "${value.slice(0, 60)}"${bad ? `: "${bad.slice(0, 40)}" is not a permission name` : ''}.`, 'Give permission names separated by commas, e.g. pages_show_list,pages_messaging.');
      }
      return [...new Set(scopes)];
    }
    case 'redirect-uri':
      return parseRedirectUri(value);
    case 'pkce':
      if (!['true', 'false'].includes(value)) throw new UsageError(`Invalid pkce "${value}".`, 'Use true or false.');
      return value === 'true';
    case 'store':
      validateStoreKind(value);
      return value;
    case 'graph-version':
      if (!/^v\d+\.\d+$/.test(value)) throw new UsageError(`Invalid graph-version "${value}".`, 'Use the form v26.0.');
      return value;
    case 'app-id':
      if (!/^\d{1,20}$/.test(value)) throw new UsageError(`Invalid app id "${value.slice(0, 30)}".`, 'The app id is the number shown in the app dashboard.');
      return value;
    default:
      return value;
  }
}
