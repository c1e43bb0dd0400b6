// The .env updater: every other byte kept, and dotenv's own parser reads back each value written.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parse } from 'dotenv';
import { quoteDotenvValue, updateDotenvText } from '../../src/tokens/dotenv-file.js';
import { UsageError } from '../../src/errors.js';

const values = (o: Record<string, string>) => new Map(Object.entries(o));

describe('quoteDotenvValue', () => {
  it('dotenv reads back every value it agrees to write', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(...'aZ09 #\'"`\\\n\r\t=$.-_:@!{}'.split('')), maxLength: 24 }), (value) => {
        let quoted: string;
        try {
          quoted = quoteDotenvValue(value, 'K');
        } catch (error) {
          expect(error).toBeInstanceOf(UsageError);
          // Refused only when every quoting form would change it.
          expect(value.includes('"') || /\\[nr]/.test(value)).toBe(true);
          return;
        }
        expect(parse(`A=1\nK=${quoted}\nB=2\n`)).toEqual({ A: '1', K: value, B: '2' });
      }),
      { numRuns: 2000 },
    );
  });

  it('tokens stay bare', () => {
    expect(quoteDotenvValue('EAAB12xyz', 'K')).toBe('EAAB12xyz');
  });
});

describe('updateDotenvText', () => {
  const original = [
    '# bot settings',
    'export FB_USER_ACCESS_TOKEN=old-user # keep this comment',
    '',
    'OTHER="a # not a comment"',
    "FB_PAGE_1_ACCESS_TOKEN='multi",
    "line' # trailing",
    '  SPACED = x',
    'FB_USER_ACCESS_TOKEN=second-definition',
    'LAST=no newline',
  ].join('\n');

  it('replaces every definition of a managed key, appends missing ones, keeps everything else', () => {
    const { text, added } = updateDotenvText(original, values({ FB_USER_ACCESS_TOKEN: 'EAAnew', FB_PAGE_1_ACCESS_TOKEN: 'EAApage', FB_NEW_ACCESS_TOKEN: 'has space' }));
    expect(added).toEqual(['FB_NEW_ACCESS_TOKEN']);
    expect(text).toBe(
      [
        '# bot settings',
        'export FB_USER_ACCESS_TOKEN=EAAnew # keep this comment',
        '',
        'OTHER="a # not a comment"',
        'FB_PAGE_1_ACCESS_TOKEN=EAApage # trailing',
        '  SPACED = x',
        'FB_USER_ACCESS_TOKEN=EAAnew',
        'LAST=no newline',
        "FB_NEW_ACCESS_TOKEN='has space'",
        '',
      ].join('\n'),
    );
    expect(parse(text)).toEqual({ ...parse(original), FB_USER_ACCESS_TOKEN: 'EAAnew', FB_PAGE_1_ACCESS_TOKEN: 'EAApage', FB_NEW_ACCESS_TOKEN: 'has space' });
  });

  it('CRLF files stay CRLF, and an empty file gets one line', () => {
    expect(updateDotenvText('A=1\r\nK=old\r\n', values({ K: 'new', N: 'x' })).text).toBe('A=1\r\nK=new\r\nN=x\r\n');
    expect(updateDotenvText('', values({ K: 'v' })).text).toBe('K=v\n');
  });

  it('nothing managed: the text is returned byte for byte', () => {
    expect(updateDotenvText(original, values({})).text).toBe(original);
  });
});
