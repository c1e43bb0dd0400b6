// Builds throw-away file trees (and git repositories) for the scan tests.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { randomBytes } from 'node:crypto';

const BASE62 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** A random, realistic-looking access token that no emulator knows. */
export function fakeToken(length = 150): string {
  return 'EAA' + [...randomBytes(length)].map((b) => BASE62[b % 62]).join('');
}

export interface Tree {
  dir: string;
  write(path: string, content: string | Buffer): string;
  git(...args: string[]): string;
  remove(): void;
}

export function makeTree(files: Record<string, string | Buffer> = {}): Tree {
  const dir = mkdtempSync(join(tmpdir(), 'fbtok-scan-'));
  const tree: Tree = {
    dir,
    write(path, content) {
      const full = join(dir, path);
      mkdirSync(dirname(full), { recursive: true });
      writeFileSync(full, content);
      return full;
    },
    git(...args) {
      return execFileSync('git', args, {
        cwd: dir,
        encoding: 'utf8',
        env: { PATH: process.env.PATH, HOME: dir, GIT_CONFIG_NOSYSTEM: '1', GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@example.com', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@example.com' },
      });
    },
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
  for (const [path, content] of Object.entries(files)) tree.write(path, content);
  return tree;
}
