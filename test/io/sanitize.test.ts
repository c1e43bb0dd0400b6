import { describe, expect, it } from 'vitest';
import { hasUnsafeCharacters, sanitize, sanitizeOutput, toSafeJson } from '../../src/io/sanitize.js';

describe('sanitize', () => {
  it('shows C0, ESC/OSC, DEL, C1 and bidi controls escaped', () => {
    expect(sanitize('a\u001b]0;t\u0007b\u009b2Jc\u007f\u202ed\n\t')).toBe('a\\u001b]0;t\\u0007b\\u009b2Jc\\u007f\\u202ed\\n\\t');
    expect(hasUnsafeCharacters(sanitize('\u0085\u009f\u0000'))).toBe(false);
  });

  it('keeps ordinary text, accents and emoji', () => {
    expect(sanitize('Page «Café» 🎉 naïve')).toBe('Page «Café» 🎉 naïve');
  });

  it('cuts long foreign text and says how much was left out, without splitting a surrogate pair', () => {
    const out = sanitize('x'.repeat(5000));
    expect(out.startsWith('x'.repeat(300) + '…')).toBe(true);
    expect(out).toContain('(4700 more characters)');
    expect(sanitize('ab🎉', { max: 3 })).toBe('ab… (2 more characters)');
  });

  it('the output backstop keeps newlines, tabs and (only with colour on) SGR colour', () => {
    expect(sanitizeOutput('a\tb\nc\u001b[31md\u001b[39m')).toBe('a\tb\nc\\u001b[31md\\u001b[39m');
    expect(sanitizeOutput('c\u001b[31md\u001b[39m\u001b]0;x\u0007', true)).toBe('c\u001b[31md\u001b[39m\\u001b]0;x\\u0007');
  });

  it('JSON stays valid and keeps the value', () => {
    const value = { name: 'a\u009b\u007f\u202e\u001b' };
    const text = toSafeJson(value);
    expect(hasUnsafeCharacters(text)).toBe(false);
    expect(JSON.parse(text)).toEqual(value);
    expect(JSON.parse(sanitizeOutput(JSON.stringify(value)))).toEqual(value);
  });
});
