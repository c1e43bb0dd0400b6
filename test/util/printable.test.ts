import { describe, expect, it } from 'vitest';
import { printable } from '../../src/util/printable.js';
import { describeHolding } from '../../src/tokens/confirm-replace.js';

describe('names from Facebook in a question', () => {
  it('lose their control characters and are cut to a line', () => {
    expect(printable('Shop\x1b[2J\x07 Ltd\r\n')).toBe('Shop [2J  Ltd');
    expect(printable('x'.repeat(200))).toHaveLength(80);
  });

  it('the replace question shows a stored Page name that way', () => {
    expect(describeHolding({ type: 'PAGE', subjectId: '123', subjectName: 'Shop\x1b]0;pwned\x07' })).toBe('a PAGE token (Shop ]0;pwned, 123)');
  });
});
