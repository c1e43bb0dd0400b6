import { describe, expect, it } from 'vitest';
import { buildEnvPlan, parseEnvFlag, parseReference, planFromEnvFile, validateEnvName } from '../../src/exec/env-plan.js';
import { UsageError } from '../../src/errors.js';

function usageError(fn: () => unknown): UsageError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    return error as UsageError;
  }
  throw new Error('expected a UsageError');
}

describe('exec environment plan', () => {
  it('parses NAME=TOKEN-NAME and NAME=fbtok://profile/name', () => {
    expect(parseEnvFlag('PAGE_ACCESS_TOKEN=page:123')).toEqual({ envName: 'PAGE_ACCESS_TOKEN', ref: { name: 'page:123' } });
    expect(parseEnvFlag('T=fbtok://work/user')).toEqual({ envName: 'T', ref: { profile: 'work', name: 'user' } });
    expect(parseEnvFlag('T=fbtok://system-user:42')).toEqual({ envName: 'T', ref: { name: 'system-user:42' } });
  });

  it('rejects malformed --env with exit 2 and an example', () => {
    for (const spec of ['PAGE_ACCESS_TOKEN', '=page:1', 'X=', '1X=user', 'A-B=user', 'X=two words', 'X=fbtok://bad profile/user']) {
      const error = usageError(() => parseEnvFlag(spec));
      expect(error.exitCode, spec).toBe(2);
      expect(error.remedy, spec).toBeTruthy();
    }
    expect(usageError(() => validateEnvName('A B', '--app-secret-env')).message).toContain('--app-secret-env');
  });

  it('splits an env file into references and plain values', () => {
    const plan = planFromEnvFile({ PAGE_ACCESS_TOKEN: 'fbtok://page:1', OTHER: 'fbtok://work/user', PORT: '3000', URL: 'https://x/fbtok://y' }, '.env');
    expect([...plan.tokens]).toEqual([
      ['PAGE_ACCESS_TOKEN', { name: 'page:1' }],
      ['OTHER', { profile: 'work', name: 'user' }],
    ]);
    expect(plan.plain).toEqual({ PORT: '3000', URL: 'https://x/fbtok://y' });
    expect(parseReference('fbtok://a.b/page:9', 'x')).toEqual({ profile: 'a.b', name: 'page:9' });
  });

  it('lets --env override the env file, plain values included', () => {
    const file = planFromEnvFile({ A: 'fbtok://user', B: 'plain' }, '.env');
    const plan = buildEnvPlan(file, ['A=page:2', 'B=user']);
    expect(plan.tokens.get('A')).toEqual({ name: 'page:2' });
    expect(plan.tokens.get('B')).toEqual({ name: 'user' });
    expect(plan.plain).toEqual({});
  });
});
