import { describe, expect, it } from 'vitest';
import { formatTable, summarizeList } from '../../src/io/table.js';

const SCOPES = 'public_profile,pages_show_list,pages_messaging,pages_manage_metadata,pages_read_engagement';
const headers = ['name', 'type', 'subject', 'expires', 'data access', 'state', 'scopes'];
const rows = [
  ['user', 'USER', 'Emulated User (10000000000042)', '59d 23h', '89d 23h', 'ok (checked)', SCOPES],
  ['page:100000000000101', 'PAGE', 'Emulated Page 1 (100000000000101)', 'never', '89d 23h', 'ok', SCOPES],
];
const widest = (lines: string[]) => Math.max(...lines.map((l) => [...l].length));

describe('tables fit the terminal', () => {
  it('without a width (piped) nothing is cut or summarised', () => {
    const lines = formatTable(headers, rows);
    expect(lines[1]).toContain(SCOPES);
    expect(widest(lines)).toBeGreaterThan(150);
  });

  it.each([60, 80, 120])('at %i columns every line fits; scopes are summarised before anything is cut', (width) => {
    const lines = formatTable(headers, rows, { width, shorten: { 6: summarizeList } });
    expect(widest(lines)).toBeLessThanOrEqual(width);
    expect(lines[0]).toMatch(/^NAME\s+TYPE\s+SUBJECT\s+EXPIRES\s+DATA ACCESS\s+STATE\s+SCOPES$/);
    if (width >= 120) {
      expect(lines[1]).toMatch(/public_profile \+4$/);
      expect(lines[2]).toContain('page:100000000000101');
    } else {
      expect(lines.slice(1).some((l) => l.includes('…'))).toBe(true);
    }
  });

  it('a table that fits is left as it is', () => {
    const small = formatTable(['a', 'b'], [['x', 'y,z']], { width: 80, shorten: { 1: summarizeList } });
    expect(small).toEqual(['A  B', 'x  y,z']);
  });

  it('summarizeList keeps a single item and counts the rest', () => {
    expect(summarizeList('pages_messaging')).toBe('pages_messaging');
    expect(summarizeList('a,b,c')).toBe('a +2');
  });
});
