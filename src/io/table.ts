// A plain, column-aligned text table: no borders or colour, so it reads well piped into grep, awk or a file.
// On a terminal it fits the width: columns that can say less (scopes: "pages_messaging +3") do so first, then
// the widest cells are cut with "…". Piped output is never cut: scripts get every byte.
import { sanitize } from './sanitize.js';

/** Names are short; a foreign note (a Graph message in the audit log) longer than this is cut. */
const MAX_CELL = 500;

export type Cell = string | number | null | undefined;

export interface FitOptions {
  /** The terminal's width; undefined (not a terminal) means print everything. */
  width?: number;
  /** Per column index: a shorter form of a cell, tried before anything is cut. */
  shorten?: Record<number, (cell: string) => string>;
}

const GAP = 2;
const ELLIPSIS = '…';
/** No column is cut below this (or its header), so every column still says something. */
const MIN_CUT_WIDTH = 6;

/** Renders rows under a header, each column padded to its widest cell; '-' for empty cells; no trailing spaces. */
export function formatTable(headers: string[], rows: Cell[][], fit: FitOptions = {}): string[] {
  let text = rows.map((row) => headers.map((_, i) => cellText(row[i])));
  const widthsOf = () => headers.map((h, i) => Math.max(h.length, ...text.map((row) => length(row[i]))));
  const total = (w: number[]) => w.reduce((a, b) => a + b, 0) + GAP * (w.length - 1);
  let widths = widthsOf();
  if (fit.width && total(widths) > fit.width) {
    for (const [index, shorten] of Object.entries(fit.shorten ?? {})) {
      text = text.map((row) => row.map((cell, i) => (i === Number(index) && cell !== '-' ? shorten(cell) : cell)));
    }
    widths = widthsOf();
    widths = cutToFit(widths, headers, fit.width, total);
    text = text.map((row) => row.map((cell, i) => cut(cell, widths[i])));
  }
  const line = (cells: string[]) =>
    cells
      .map((cell, i) => (i === cells.length - 1 ? cell : cell + ' '.repeat(Math.max(0, widths[i] - length(cell)))))
      .join(' '.repeat(GAP))
      .trimEnd();
  return [line(headers.map((h) => h.toUpperCase())), ...text.map(line)];
}

/** Takes width from the widest columns, one character at a time, until the table fits or nothing can give. */
function cutToFit(widths: number[], headers: string[], target: number, total: (w: number[]) => number): number[] {
  const w = [...widths];
  const floor = (i: number) => Math.max(MIN_CUT_WIDTH, headers[i].length);
  while (total(w) > target) {
    let widest = -1;
    for (let i = 0; i < w.length; i++) if (w[i] > floor(i) && (widest < 0 || w[i] > w[widest])) widest = i;
    if (widest < 0) break;
    w[widest]--;
  }
  return w;
}

function cut(cell: string, width: number): string {
  const chars = [...cell];
  return chars.length <= width ? cell : chars.slice(0, Math.max(1, width - 1)).join('') + ELLIPSIS;
}

function length(text: string): number {
  return [...text].length;
}

/** Writes a table line by line through `out` (ctx.io.out). */
export function printTable(out: (line: string) => void, headers: string[], rows: Cell[][], fit?: FitOptions): void {
  for (const line of formatTable(headers, rows, fit)) out(line);
}

/** "pages_messaging +3": the first scope and how many more, for a comma-separated list that does not fit. */
export function summarizeList(cell: string): string {
  const items = cell.split(',').map((s) => s.trim()).filter(Boolean);
  if (items.length <= 1) return cell;
  return `${items[0]} +${items.length - 1}`;
}

function cellText(cell: Cell): string {
  if (cell === null || cell === undefined || cell === '') return '-';
  // Cells hold names and notes from the store, Graph and the audit log: sanitised, so no cell can break the layout.
  return sanitize(String(cell).replace(/\s*\n\s*/g, ' '), { max: MAX_CELL });
}
