import { describe, expect, it } from 'vitest';
import { parseSize, registerScan, type ScanOptions } from '../../src/commands/scan.js';
import { parseFlags } from '../helpers/parse-flags.js';

const parse = (argv: string[]) => parseFlags<ScanOptions>(registerScan, argv);

describe('scan flags', () => {
  it('paths, --staged, --history, --since, --check and --max-size', async () => {
    expect(await parse(['scan'])).toEqual({ paths: [], staged: false, history: false, check: false, maxSize: 10 * 1024 * 1024 });
    expect(await parse(['scan', 'src', 'lib', '--staged', '--check', '--max-size', '512k'])).toEqual({ paths: ['src', 'lib'], staged: true, history: false, check: true, maxSize: 512 * 1024 });
    expect(await parse(['scan', '--history', '--since', '6 months ago'])).toEqual({ paths: [], staged: false, history: true, since: '6 months ago', check: false, maxSize: 10 * 1024 * 1024 });
    await expect(parse(['scan', '--since', '2024-01-01'])).rejects.toMatchObject({ exitCode: 2 });
    await expect(parse(['scan', '--history', '--staged'])).rejects.toMatchObject({ exitCode: 2 });
    await expect(parse(['scan', '--history', '--since', '--all'])).rejects.toMatchObject({ exitCode: 2 });
  });

  it('sizes: bytes, k and m; anything else is a usage error', () => {
    expect(parseSize('2048')).toBe(2048);
    expect(parseSize('2m')).toBe(2 * 1024 * 1024);
    expect(parseSize('1.5KiB')).toBe(1536);
    for (const bad of ['', '0', '-1', 'big', '1g']) expect(() => parseSize(bad), bad).toThrow(/Invalid --max-size/);
  });
});
