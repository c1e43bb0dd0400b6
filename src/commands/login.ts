import type { Command } from 'commander';
import { collect, notYet, withExamples, type AppHandle } from './command-kit.js';

export function registerLogin(program: Command, app: AppHandle): void {
  const command = program.command('login').description('Log in with Facebook Login and store the user token');
  const o = command.option.bind(command) as (...args: unknown[]) => Command;
  o('--scopes <list>', 'comma-separated permissions (default: the profile\'s, or the Messenger preset)');
  o('--device', 'Login for Devices: enter a code on another device (SSH, containers, live apps)');
  o('--manual', 'paste the final redirected URL (or code) back into the terminal');
  o('--no-browser', 'print the login URL instead of opening a browser');
  o('--port <port>', 'local listener port (the redirect URI is http://localhost:<port>/callback)');
  o('--redirect-uri <uri>', 'a registered redirect URI that forwards to the listener, or for --manual');
  o('--no-pkce', 'do not send a PKCE challenge (for app configurations that reject it)');
  o('--auth-type <type>', 'rerequest: ask again for declined permissions');
  o('--config-id <id>', 'Facebook Login for Business configuration id');
  o('--wait <duration>', 'how long to wait for the browser (default 5m)');
  o('--pages', 'also store a token for every Page the user manages');
  withExamples(command, ['fbtok login', 'fbtok login --scopes pages_show_list,pages_messaging --pages', 'fbtok login --device', 'fbtok login --manual --redirect-uri https://example.com/fb/callback']);
  command.action(async () => app.run(async () => {
    throw notYet('login');
  }));
  void collect;
}
