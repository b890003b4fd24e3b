/**
 * A Markdown table in box-drawing lines, fit to the width: columns keep their natural width when
 * they can; otherwise the widest column gives up a column at a time and its cells wrap. When even
 * that cannot fit (many columns, a very narrow terminal) each row becomes a small block of
 * "header: value" lines instead.
 */
import { piecesWidth, plainText, styleText, wrapPieces, type Piece } from './styled-text.js';
import { padVisible } from './text-width.js';

const MIN_COLUMN = 3;

export function renderTable(header: readonly Piece[][], rows: readonly Piece[][][], width: number, color: boolean): string[] {
  const columnCount = Math.max(header.length, ...rows.map((row) => row.length));
  const cell = (row: readonly Piece[][], column: number): Piece[] => row[column] ?? [];
  const borders = 3 * columnCount + 1;
  const available = width - borders;
  if (available < MIN_COLUMN * columnCount) return stackedRows(header, rows, width, color);

  const natural = Array.from({ length: columnCount }, (_, column) =>
    Math.max(MIN_COLUMN, ...[header, ...rows].map((row) => piecesWidth(cell(row, column), color))),
  );
  // Start from natural widths, then shrink the widest column until the table fits.
  const chosen = [...natural];
  while (chosen.reduce((sum, value) => sum + value, 0) > available) {
    let widest = 0;
    chosen.forEach((value, index) => {
      if (value > chosen[widest]!) widest = index;
    });
    if (chosen[widest]! <= MIN_COLUMN) break;
    chosen[widest]! -= 1;
  }

  const line = (left: string, middle: string, right: string): string =>
    left + chosen.map((columnWidth) => '─'.repeat(columnWidth + 2)).join(middle) + right;
  const renderRow = (row: readonly Piece[][], bold: boolean): string[] => {
    const wrapped = chosen.map((columnWidth, column) => {
      const pieces = cell(row, column).map((piece) => (bold ? { ...piece, styles: [...piece.styles, 'bold' as const] } : piece));
      return wrapPieces(pieces, columnWidth, color);
    });
    const height = Math.max(...wrapped.map((cellLines) => cellLines.length));
    const out: string[] = [];
    for (let index = 0; index < height; index++) {
      out.push(`│ ${wrapped.map((cellLines, column) => padVisible(cellLines[index] ?? '', chosen[column]!)).join(' │ ')} │`);
    }
    return out;
  };

  const lines = [line('┌', '┬', '┐')];
  if (header.length > 0) {
    lines.push(...renderRow(header, true));
    lines.push(line('├', '┼', '┤'));
  }
  for (const row of rows) lines.push(...renderRow(row, false));
  lines.push(line('└', '┴', '┘'));
  return lines;
}

function stackedRows(header: readonly Piece[][], rows: readonly Piece[][][], width: number, color: boolean): string[] {
  const lines: string[] = [];
  for (const row of rows) {
    row.forEach((cellPieces, column) => {
      const label = plainText(header[column] ?? []);
      const labelled: Piece[] = label === '' ? cellPieces : [{ text: `${label}:`, styles: ['bold'] }, { text: ' ', styles: [] }, ...cellPieces];
      lines.push(...wrapPieces(labelled, width, color));
    });
    lines.push(styleText('─'.repeat(Math.min(width, 20)), [], color));
  }
  return lines;
}
