import { describe, expect, it } from 'vitest';
import { describeHolding } from '../../src/tokens/confirm-replace.js';

describe('names from Facebook in a question', () => {
  it('the replace question shows a stored Page name that way', () => {
    expect(describeHolding({ type: 'PAGE', subjectId: '123', subjectName: 'Shop\x1b]0;pwned\x07' })).toBe('a PAGE token (Shop\\u001b]0;pwned\\u0007, 123)');
  });
});
