// A plain, column-aligned text table: no borders or colour, so it reads well piped into grep, awk or a file.
import { sanitize } from './sanitize.js';

/** Names are short; a foreign note (a Graph message in the audit log) longer than this is cut. */
const MAX_CELL = 500;

export type Cell = string | number | null | undefined;

/** Renders rows under a header, each column padded to its widest cell; '-' for empty cells; no trailing spaces. */
export function formatTable(headers: string[], rows: Cell[][]): string[] {
  const text = rows.map((row) => headers.map((_, i) => cellText(row[i])));
  const widths = headers.map((h, i) => Math.max(h.length, ...text.map((row) => row[i].length)));
  const line = (cells: string[]) =>
    cells
      .map((cell, i) => (i === cells.length - 1 ? cell : cell.padEnd(widths[i])))
      .join('  ')
      .trimEnd();
  return [line(headers.map((h) => h.toUpperCase())), ...text.map(line)];
}

/** Writes a table line by line through `out` (ctx.io.out). */
export function printTable(out: (line: string) => void, headers: string[], rows: Cell[][]): void {
  for (const line of formatTable(headers, rows)) out(line);
}

function cellText(cell: Cell): string {
  if (cell === null || cell === undefined || cell === '') return '-';
  // Cells hold names and notes from the store, Graph and the audit log: sanitised, so no cell can break the layout.
  return sanitize(String(cell).replace(/\s*\n\s*/g, ' '), { max: MAX_CELL });
}
