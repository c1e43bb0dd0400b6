import { CommanderError } from 'commander';
import { buildProgram } from './program.js';
import { runSession, type MainDeps } from './session.js';
import { VERSION } from './version.js';
import { refuseNodeOwnedOptions } from './node-options.js';

export type { MainDeps };
export type { IO } from './io/io.js';

/** Parses argv with commander and runs the command in a session; returns the exit code. */
export async function main(argv: string[], deps: MainDeps): Promise<number> {
  return runSession(argv, deps, async (session) => {
    refuseNodeOwnedOptions(argv);
    const program = await buildProgram({ ...session, version: VERSION, env: deps.env }, argv);
    try {
      await program.parseAsync(argv, { from: 'user' });
    } catch (error) {
      // --help and --version end commander's parse by throwing; they are successes.
      if (error instanceof CommanderError && (error.exitCode === 0 || error.code === 'commander.helpDisplayed' || error.code === 'commander.help')) return;
      throw error;
    }
  });
}
