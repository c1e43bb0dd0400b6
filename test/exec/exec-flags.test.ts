import { describe, expect, it } from 'vitest';
import { parseExecFlags, registerExec, type ExecOptions } from '../../src/commands/exec.js';
import { parseFlags } from '../helpers/parse-flags.js';

const parse = (argv: string[]) => parseFlags<ExecOptions>(registerExec, argv);

describe('exec flags', () => {
  it('takes everything after -- as the command, options included', async () => {
    const opts = await parse(['exec', '--env', 'A=user', '--env', 'B=page:1', '--mask', '--', 'node', '-e', 'x', '--env', 'C=d', '--help']);
    expect(opts).toMatchObject({ command: ['node', '-e', 'x', '--env', 'C=d', '--help'], env: ['A=user', 'B=page:1'], mask: true, check: false, minValidMs: 86_400_000 });
  });

  it('parses --check --min-valid and --rotate-within durations', async () => {
    const opts = await parse(['exec', '--dotenv', '.env', '--check', '--min-valid', '7d', '--rotate-within', '12h', '--', 'true']);
    expect(opts).toMatchObject({ dotenv: '.env', check: true, minValidMs: 7 * 86_400_000, rotateWithinMs: 12 * 3_600_000 });
  });

  it('rejects combinations that cannot work, with exit 2', () => {
    expect(() => parseExecFlags(['true'], {})).toThrow(/Nothing to hand out/);
    expect(() => parseExecFlags(['true'], { env: ['A=user'], minValid: '1d' })).toThrow(/--min-valid only applies with --check/);
    expect(() => parseExecFlags(['true'], { env: ['A=user'], check: true, minValid: 'soon' })).toThrow(/Invalid --min-valid/);
    expect(() => parseExecFlags(['true'], { appSecretEnv: 'NOT VALID' })).toThrow(/Invalid variable name/);
  });
});
