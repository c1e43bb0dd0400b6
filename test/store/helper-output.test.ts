import { describe, expect, it } from 'vitest';
import { describeHelperFailure, escapeControls } from '../../src/store/helper-output.js';

describe('what of a helper failure reaches an error', () => {
  it('C0, DEL and C1 controls (U+009B CSI too) are shown escaped', () => {
    expect(escapeControls('a\u001b[31mb\u007fc\u009b2Jd\u0085')).toBe('a\\u001b[31mb\\u007fc\\u009b2Jd\\u0085');
  });

  it('the exit status and the first stderr line, cut short, the secret masked', () => {
    const secret = 'EAABsecretHELPER0000';
    expect(describeHelperFailure(1, null, `\n  store failed for ${secret}\nmore`, secret)).toBe('exit status 1: store failed for <redacted>');
    expect(describeHelperFailure(null, 'SIGKILL', '')).toBe('killed by SIGKILL');
    const long = describeHelperFailure(2, null, 'x'.repeat(1000));
    expect(long.length).toBeLessThan(200);
    expect(long.endsWith('…')).toBe(true);
  });
});
