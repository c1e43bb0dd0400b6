// The saved default profile (`fbtok profile use NAME`), read before any command runs, so every command and
// the fast `token get` path agree on it. Read synchronously and only from a regular file: a FIFO or a
// directory in its place must not hang or break start-up (the command's own config read reports it).
import { readFileSync, statSync } from 'node:fs';
import { configFilePath } from './config-file.js';

export function readDefaultProfile(configDir: string): string | undefined {
  const path = configFilePath(configDir);
  try {
    if (!statSync(path).isFile()) return undefined;
    const parsed = JSON.parse(readFileSync(path, 'utf8')) as { defaultProfile?: unknown };
    return typeof parsed?.defaultProfile === 'string' && parsed.defaultProfile ? parsed.defaultProfile : undefined;
  } catch {
    return undefined;
  }
}
