// Options Node.js takes for itself even when they come after the script path. Node 20 scans the whole
// command line up to `--` for --env-file: it exits 9 (`node: FILE: not found`) before fbtok starts when the
// file is missing, and applies the file's NODE_OPTIONS to fbtok's own process when it exists. fbtok cannot
// stop the first; it can refuse to go on in the second, whatever the command, instead of pretending the
// option was its own. https://nodejs.org/api/cli.html#--env-filefile
import { UsageError } from './errors.js';

const NODE_OWNED = ['--env-file', '--env-file-if-exists'];

/** Throws a usage error when argv (before `--`) holds an option Node.js reads for itself. */
export function refuseNodeOwnedOptions(argv: readonly string[]): void {
  const end = argv.indexOf('--');
  for (const arg of end === -1 ? argv : argv.slice(0, end)) {
    const name = NODE_OWNED.find((o) => arg === o || arg.startsWith(`${o}=`));
    if (name === undefined) continue;
    throw new UsageError(
      `${name} is an option of Node.js, which reads the file itself before fbtok starts (and applies a NODE_OPTIONS line in it to fbtok).`,
      'To hand a dotenv file to a program, use `fbtok exec --dotenv FILE -- COMMAND`.',
      'NODE_OWNED_OPTION',
    );
  }
}
