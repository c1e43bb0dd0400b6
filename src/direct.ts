// `fbtok token get NAME`, with no flag, is the call scripts make most (`$(fbtok token get page:1)`), often
// in loops. It runs here without loading the command-line parser: the same session, global options (from
// the environment, as commander reads them) and command function as through main(), at a fraction of the
// start-up (bench/results.md). bin/fbtok.cjs loads this as a bundle of its own; anything else goes to main().
import { runSession, type MainDeps } from './session.js';
import { globalsFromEnv, parseGlobals } from './globals.js';
import { runTokenGet } from './tokens/token-get.js';

/** The token name when argv is exactly `token get NAME`; undefined otherwise. */
export function directTokenGet(argv: readonly string[]): string | undefined {
  if (argv.length !== 3 || argv[0] !== 'token' || argv[1] !== 'get') return undefined;
  const name = argv[2];
  return name === '' || name.startsWith('-') ? undefined : name;
}

/** Runs argv without commander when it can (the exit code), or says it cannot (undefined). */
export async function runDirect(argv: readonly string[], deps: MainDeps): Promise<number | undefined> {
  const name = directTokenGet(argv);
  if (name === undefined) return undefined;
  return runSession(argv, deps, async (session) => {
    const ctx = session.context(parseGlobals(globalsFromEnv(deps.env), deps.env));
    session.setExitCode(await runTokenGet(name, ctx));
  });
}
