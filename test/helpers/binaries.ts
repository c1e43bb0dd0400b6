// Tests use the real keychain and helpers: a missing binary is an error naming its Debian package, never a skip.
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

export function requireBinary(name: string, debianPackage: string): string {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    const path = join(dir, name);
    try {
      accessSync(path, constants.X_OK);
      return path;
    } catch {
      // not in this directory
    }
  }
  throw new Error(`${name} is not installed: apt-get install ${debianPackage}`);
}

/** Polls `check` up to `attempts` times, `intervalMs` apart, for a daemon to come up. */
export async function waitUntil(what: string, check: () => Promise<boolean>, attempts = 100, intervalMs = 50): Promise<void> {
  for (let i = 0; i < attempts; i++) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
  throw new Error(`${what} did not come up after ${attempts} attempts`);
}
