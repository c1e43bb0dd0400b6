import type { Command } from 'commander';
import { addDeployHookOptions, parseHookFlags } from '../hooks/hook-options.js';
import { withHooks } from '../hooks/with-hooks.js';
import type { Context } from '../context.js';
import { commaList, withExamples, type AppHandle } from './command-kit.js';
import { UsageError } from '../errors.js';
import { parseDuration } from '../util/duration.js';
import { DEFAULT_WAIT, runLogin, type LoginOptions } from '../auth/login-flow.js';

export type { LoginOptions };
const AUTH_TYPES = ['rerequest', 'reauthenticate', 'reauthorize'];

export function registerLogin(program: Command, app: AppHandle): void {
  const command = program.command('login');
  const o = command.option.bind(command) as (...args: unknown[]) => Command;
  o('--scopes <list>', 'comma-separated permissions (default: the profile\'s, or the Messenger preset)');
  o('--add-scopes <list>', 'add permissions to the current ones (asks again with auth_type=rerequest)');
  o('--device', 'Login for Devices: enter a code on another device (SSH, containers, live apps)');
  o('--manual', 'paste the final redirected URL (or code) back into the terminal');
  o('--no-browser', 'print the login URL instead of opening a browser');
  o('--port <port>', 'local listener port (the redirect URI is http://localhost:<port>/callback)');
  o('--redirect-uri <uri>', 'a registered redirect URI that forwards to the listener, or for --manual');
  o('--no-pkce', 'do not send a PKCE challenge (for app configurations that reject it)');
  o('--auth-type <type>', 'rerequest: ask again for declined permissions');
  o('--config-id <id>', 'Facebook Login for Business configuration id');
  o('--wait <duration>', `how long to wait for the browser (default ${DEFAULT_WAIT}; then exit 2)`);
  o('--pages', 'also store a token for every Page the user manages');
  addDeployHookOptions(command);
  withExamples(command, ['fbtok login', 'fbtok login --scopes pages_show_list,pages_messaging --pages', 'fbtok login --add-scopes pages_manage_posts', 'fbtok login --device', 'fbtok login --manual --redirect-uri https://example.com/fb/callback']);
  command.addHelpText(
    'after',
    '\nThe browser flow listens on http://localhost:<port>/callback (Development-mode\n' +
      'apps only). A denied login exits 3; no callback within --wait exits 2 (usually a\n' +
      'redirect URI the app does not allow). Ctrl-C exits 130.\n',
  );
  command.action(async (flags: Record<string, unknown>) => app.run((ctx) => withHooks(ctx, parseHookFlags(flags), 'login', () => runLogin(parseLoginFlags(flags), ctx))));
}

/** Flags → options, with every combination checked before anything happens. */
export function parseLoginFlags(flags: Record<string, unknown>): LoginOptions {
  if (flags.scopes !== undefined && flags.addScopes !== undefined) throw new UsageError('--scopes replaces the list and --add-scopes adds to it.', 'Choose one of them.');
  if (flags.device && flags.manual) throw new UsageError('--device and --manual are two different ways in.', 'Choose one of them.');
  const port = flags.port === undefined ? undefined : Number(flags.port);
  if (port !== undefined && (!Number.isInteger(port) || port < 1 || port > 65535)) {
    throw new UsageError(`Invalid --port "${String(flags.port)}".`, 'Use a number from 1 to 65535, e.g. --port 8765.');
  }
  const authType = flags.authType as string | undefined;
  if (authType !== undefined && !AUTH_TYPES.includes(authType)) {
    throw new UsageError(`Invalid --auth-type "${authType.slice(0, 30)}".`, `Use one of: ${AUTH_TYPES.join(', ')}.`);
  }
  const redirectUri = flags.redirectUri as string | undefined;
  if (redirectUri !== undefined && !URL.canParse(redirectUri)) {
    throw new UsageError(`Invalid --redirect-uri "${redirectUri.slice(0, 60)}".`, 'Give the full registered URI, e.g. https://example.com/fb/callback.');
  }
  const configId = flags.configId as string | undefined;
  if (configId !== undefined && !/^\d{1,25}$/.test(configId)) throw new UsageError(`Invalid --config-id "${configId.slice(0, 30)}".`, 'It is the number shown for the configuration in Facebook Login for Business.');
  return {
    scopes: flags.scopes === undefined ? undefined : commaList(String(flags.scopes)),
    addScopes: flags.addScopes === undefined ? undefined : commaList(String(flags.addScopes)),
    mode: flags.device ? 'device' : flags.manual ? 'manual' : 'browser',
    openBrowser: flags.browser !== false,
    port,
    redirectUri,
    pkce: flags.pkce !== false,
    authType,
    configId,
    waitMs: parseDuration(String(flags.wait ?? DEFAULT_WAIT), '--wait'),
    pages: Boolean(flags.pages),
  };
}
