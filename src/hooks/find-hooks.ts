// Hooks as certbot keeps them (renewal-hooks/deploy): every executable in a directory, in name order.
import { access, constants, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';

export type HookKind = 'deploy' | 'failure';

/** One hook to run: a shell command from a flag, or an executable file from the hooks directory. */
export interface Hook {
  /** What reports and the audit log call it: the command text, or the file name. */
  name: string;
  /** argv; a flag's command runs through /bin/sh. */
  argv: string[];
}

export function hookDir(configDir: string, profile: string, kind: HookKind): string {
  return join(configDir, profile, 'hooks', kind);
}

/** Flag hooks first (in the given order), then the directory's executables sorted by name. */
export async function findHooks(commands: readonly string[], dir: string): Promise<Hook[]> {
  const fromFlags = commands.map((cmd) => ({ name: cmd, argv: ['/bin/sh', '-c', cmd] }));
  return [...fromFlags, ...(await executablesIn(dir))];
}

async function executablesIn(dir: string): Promise<Hook[]> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return []; // no directory: no hooks
  }
  const hooks: Hook[] = [];
  // Byte order, not locale order: the same sequence on every machine (as run-parts).
  for (const name of names.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))) {
    if (name.startsWith('.')) continue;
    const path = join(dir, name);
    const info = await stat(path).catch(() => undefined);
    if (!info?.isFile()) continue;
    if (await access(path, constants.X_OK).then(() => true, () => false)) hooks.push({ name, argv: [path] });
  }
  return hooks;
}
