import { Command, Help, Option } from 'commander';
import type { Context, GlobalOptions } from './context.js';
import type { IO } from './io/io.js';
import type { AppHandle } from './commands/command-kit.js';
import { registerCommands } from './commands/index.js';
import { GLOBAL_VALUE_OPTIONS as G, globalsFromCommandLine, parseGlobals } from './globals.js';

/** Help is wrapped at a fixed width, whatever the terminal, so it can be rendered once at build time (bin/fbtok.cjs). */
export const HELP_WIDTH = 80;

export interface ProgramDeps {
  version: string;
  io: IO;
  env: Record<string, string | undefined>;
  context(globals: GlobalOptions): Context;
  setExitCode(code: number): void;
}

export const EXIT_CODES_HELP = `
Exit codes:
  0    ok
  1    unexpected error (run again with --verbose)
  2    usage or configuration error (unknown option, missing app id, no token of
       that name, a malformed token on stdin, a prompt needed but no TTY)
  3    token invalid, expired or revoked (only a new login helps)
  4    a required permission is missing
  5    rate limited: longer than --max-wait (default 5 minutes), or still
       limited after one retry or wait
  6    Graph API unreachable, timing out or failing (after retries), not
       answering like Graph, or refusing with an error fbtok does not know
  7    secret store unavailable or locked
  8    a token is due within the asked window and only a login renews it
  9    a deploy hook failed (the store change was kept)
  10   scan: a token was found;  11  scan: a live token was found
  12   usage: a figure is above --fail-above
  13   scan: nothing found, but some files could not be scanned
  14   token export --write --if-changed: nothing to change
  126  exec: the command is not executable;  127  exec: not found
       (otherwise exec exits with its child's code)
  130  interrupted (Ctrl-C, Ctrl-D or "no" at a question; nothing changed)
`;

/** commander wiring only: global options, commands, help. No I/O beyond commander's own output. */
export async function buildProgram(deps: ProgramDeps, argv: readonly string[] | 'all'): Promise<Command> {
  const { env, io } = deps;
  const program = new Command('fbtok')
    .description('Obtain, inspect, rotate and hand out Facebook (Meta) Graph API access tokens.')
    .version(deps.version, '-V, --version', 'print the version')
    .addOption(new Option('--profile <name>', 'profile: one app and its tokens (default: `fbtok profile use`, else "default")').env(G.profile.env).default(G.profile.default))
    .option('--json', 'machine-readable result on stdout', false)
    .option('--verbose', 'redacted request log and stack traces on stderr', false)
    .addOption(new Option('--timeout <seconds>', 'per HTTP attempt').env(G.timeout.env).default(G.timeout.default))
    .addOption(new Option('--max-wait <seconds>', 'longest rate-limit wait to sit out (Facebook\'s estimate; 0: none)').env(G.maxWait.env).default(G.maxWait.default))
    .addOption(new Option('--graph-version <version>', 'Graph API version (default v26.0)').env(G.graphVersion.env))
    .addOption(new Option('--store <kind>', 'keychain | file | helper:NAME').env(G.store.env))
    .option('--no-color', 'no colour (also NO_COLOR or CI)')
    .exitOverride()
    .configureOutput({
      writeOut: (s) => void io.stdout.write(s),
      writeErr: (s) => void io.stderr.write(s),
      outputError: () => {}, // report-error.ts prints errors
      getOutHelpWidth: () => HELP_WIDTH,
      getErrHelpWidth: () => HELP_WIDTH,
      getOutHasColors: () => false,
      getErrHasColors: () => false,
    })
    .configureHelp(HELP_STYLE)
    .addHelpText('after', EXIT_CODES_HELP + environmentHelp());

  const app: AppHandle = {
    async run(body) {
      const raw = globalsFromCommandLine(program.opts(), (key) => program.getOptionValueSource(key) === 'cli', env);
      const globals = parseGlobals(raw, env);
      const code = await body(deps.context(globals));
      deps.setExitCode(typeof code === 'number' ? code : 0);
    },
  };
  await registerCommands(program, app, argv);
  for (const command of program.commands) inheritSettings(command);
  return program;
}

function inheritSettings(command: Command): void {
  command.exitOverride();
  command.addHelpText('after', GLOBAL_OPTIONS_POINTER);
  for (const sub of command.commands) inheritSettings(sub);
}

/** Subcommand help points to the global options rather than repeating them (each page stays short). */
export const GLOBAL_OPTIONS_POINTER = '\nGlobal options (--profile, --json, --verbose, --store, ...): fbtok --help';

/** "print the version" → "Print the version"; a list of values ("keychain | file") stays as typed. */
const capitalise = (text: string) => (/^[a-z]+ \|/.test(text) ? text : text.charAt(0).toUpperCase() + text.slice(1));
const base = new Help();

/**
 * Every help page reads like the root one: descriptions capitalised, and no "(default: false)" after
 * flags (a flag that is off unless given says nothing by saying it). commands/index.ts keeps these.
 */
export const HELP_STYLE: Partial<Help> = {
  optionDescription: (option) => capitalise(base.optionDescription(option).replace(/ \(default: false\)$/, '').replace(/\(default: false, /, '(')),
  subcommandDescription: (command) => capitalise(base.subcommandDescription(command)),
  argumentDescription: (argument) => capitalise(base.argumentDescription(argument)),
  commandDescription: (command) => capitalise(base.commandDescription(command)),
};

function environmentHelp(): string {
  return `
Environment:
  FBTOK_PROFILE, FBTOK_APP_ID, FBTOK_APP_SECRET, FBTOK_CLIENT_TOKEN,
  FBTOK_ACCESS_TOKEN, FBTOK_STORE, FBTOK_STORE_PASSPHRASE, FBTOK_CONFIG_DIR,
  FBTOK_STATE_DIR, FBTOK_GRAPH_URL, FBTOK_WWW_URL, FBTOK_GRAPH_VERSION,
  FBTOK_TIMEOUT, FBTOK_MAX_WAIT, FBTOK_RETRY_BASE_MS, FBTOK_KEYCHAIN_TIMEOUT,
  FBTOK_HELPER_TIMEOUT, FBTOK_LOCK_TIMEOUT, NO_COLOR, CI (README: Environment)
  Secrets are read from stdin or the environment, never from arguments.
`;
}
