// The command-line contract in one table: each command's name, help line and module. Only the command a
// run invokes is loaded, so start-up does not pay for the other fourteen (README: start-up target).
import type { Command } from 'commander';
import type { AppHandle } from './command-kit.js';

export type RegisterCommand = (program: Command, app: AppHandle) => void;

export interface CommandEntry {
  name: string;
  /** How the root --help lists it, e.g. 'debug-token [options] [name]'. */
  term: string;
  description: string;
  hidden?: boolean;
  load(): Promise<RegisterCommand>;
}

export const COMMANDS: CommandEntry[] = [
  { name: 'login', term: 'login [options]', description: 'Log in with Facebook Login and store the user token',
    load: async () => (await import('./login.js')).registerLogin },
  { name: 'exchange-long-lived', term: 'exchange-long-lived [options]', description: 'Exchange a short-lived user token for a ~60-day one',
    load: async () => (await import('./exchange-long-lived.js')).registerExchangeLongLived },
  { name: 'page-tokens', term: 'page-tokens [options]', description: 'Store a token for every Page the user manages',
    load: async () => (await import('./page-tokens.js')).registerPageTokens },
  { name: 'debug-token', term: 'debug-token [options] [name]', description: 'Explain a token: validity, owner, permissions, expiry, and what to do',
    load: async () => (await import('./debug-token.js')).registerDebugToken },
  { name: 'rotate', term: 'rotate [options] [names...]', description: 'Refresh tokens before they expire, verify, swap (cron- and CI-safe)',
    load: async () => (await import('./rotate.js')).registerRotate },
  { name: 'status', term: 'status [options]', description: 'Where tokens are stored and how long each has left',
    load: async () => (await import('./status.js')).registerStatus },
  { name: 'token', term: 'token', description: 'List, print, import, delete and export stored tokens',
    load: async () => (await import('./token.js')).registerToken },
  { name: 'revoke', term: 'revoke [options]', description: 'De-authorize the app for the user, or remove one permission',
    load: async () => (await import('./revoke.js')).registerRevoke },
  { name: 'api', term: 'api [options] <endpoint...>', description: 'Call the Graph API as a stored token (tokens in the answer hidden)',
    load: async () => (await import('./api.js')).registerApi },
  { name: 'mcp', term: 'mcp [options]', description: 'Serve tools for AI assistants over MCP (stdio); never returns a token',
    load: async () => (await import('./mcp.js')).registerMcp },
  { name: 'exec', term: 'exec [options] <command...>', description: 'Run a program with tokens in its environment (never in argv or output)',
    load: async () => (await import('./exec.js')).registerExec },
  { name: 'scan', term: 'scan [options] [paths...]', description: 'Find hard-coded Facebook tokens and app secrets in files',
    load: async () => (await import('./scan.js')).registerScan },
  { name: 'usage', term: 'usage [options]', description: 'Rate-limit usage of the app and of each Page (X-App-Usage, X-Business-Use-Case-Usage)',
    load: async () => (await import('./usage.js')).registerUsage },
  { name: 'log', term: 'log [options]', description: 'Show the audit log of changes to the token store',
    load: async () => (await import('./log.js')).registerLog },
  { name: 'config', term: 'config', description: "Read and change the profile's settings",
    load: async () => (await import('./config.js')).registerConfig },
  { name: 'profile', term: 'profile', description: 'List profiles, pick the default one, delete one',
    load: async () => (await import('./profile.js')).registerProfile },
  { name: 'doctor', term: 'doctor [options]', description: 'Check config, store, clock, connectivity, tokens and Messenger readiness',
    load: async () => (await import('./doctor.js')).registerDoctor },
  { name: 'emulator', term: 'emulator [options]', description: 'Run a local Graph API emulator for offline development and tests',
    load: async () => (await import('./emulator.js')).registerEmulator },
  { name: 'completion', term: 'completion <shell>', description: 'Print a shell completion script (bash, zsh, fish)',
    load: async () => (await import('./completion.js')).registerCompletion },
  { name: '__complete-names', term: '__complete-names', description: '', hidden: true,
    load: async () => (await import('./completion.js')).registerCompleteNames },
];
