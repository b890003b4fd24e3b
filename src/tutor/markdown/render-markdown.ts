/**
 * Markdown (as parsed by markdown-it) to terminal lines, for the tutor's lesson reader and the
 * plain report. Every line is at most `width` visible columns; ANSI styling appears only when
 * `color` is true (honouring NO_COLOR is the caller's business).
 *
 * - headings: level 1 and 2 underlined with ═ and ─, level 3+ prefixed with ▸;
 * - paragraphs wrap at word boundaries; bold, italic, inline code and links are styled (without
 *   colour, inline code keeps its backticks); a non-local link shows its URL after the text;
 * - lists hang their text after the bullet or number; nested lists indent;
 * - block quotes (the lessons' notes: "> **Note**", "> **Changed in Kafka 4.0**") get a bar;
 * - code blocks are never wrapped: a box-drawing diagram survives as drawn, and a line too long
 *   for the terminal is clipped with "…";
 * - tables are drawn with box characters and fit to the width (render-table.ts).
 */
import { parseBlocks, type Block } from './block-tree.js';
import { plainText, styleText, wrapPieces, type Piece } from './styled-text.js';
import { renderTable } from './render-table.js';
import { clipPlain, visibleWidth } from './text-width.js';

export interface RenderOptions {
  readonly width: number;
  readonly color: boolean;
}

/** The narrowest width we lay out for; narrower requests are laid out at this and then clipped. */
const MIN_LAYOUT_WIDTH = 8;
const CODE_INDENT = '  ';

export function renderMarkdown(markdown: string, options: RenderOptions): string[] {
  if (!Number.isInteger(options.width) || options.width < 1) {
    throw new RangeError(`renderMarkdown: width must be a positive whole number of columns, got ${options.width}`);
  }
  const layoutWidth = Math.max(MIN_LAYOUT_WIDTH, options.width);
  const lines = renderBlocks(parseBlocks(markdown), layoutWidth, options.color, false);
  // Only for absurdly narrow terminals (< 8 columns) can a line still be too wide: clip it.
  return lines.map((line) => (visibleWidth(line) <= options.width ? line : clipPlain(stripForClip(line), options.width)));
}

function stripForClip(line: string): string {
  // eslint-disable-next-line no-control-regex
  return line.replace(/\x1b\[[0-9;]*m/g, '');
}

function renderBlocks(blocks: readonly Block[], width: number, color: boolean, tight: boolean): string[] {
  const lines: string[] = [];
  blocks.forEach((block, index) => {
    if (index > 0 && !(tight && block.kind !== 'code')) lines.push('');
    lines.push(...renderBlock(block, width, color));
  });
  return lines;
}

function renderBlock(block: Block, width: number, color: boolean): string[] {
  switch (block.kind) {
    case 'heading':
      return renderHeading(block.level, block.pieces, width, color);
    case 'paragraph':
      return wrapPieces(block.pieces, width, color);
    case 'list':
      return renderList(block, width, color);
    case 'quote':
      return renderQuote(block.children, width, color);
    case 'code':
      return block.lines.map((line) => {
        const text = line.replace(/\t/g, '    ').trimEnd();
        return text === '' ? '' : styleText(CODE_INDENT + clipPlain(text, width - CODE_INDENT.length), [], color);
      });
    case 'table':
      return renderTable(block.header, block.rows, width, color);
    case 'rule':
      return [styleText('─'.repeat(width), ['url'], color)];
  }
}

function renderHeading(level: number, pieces: readonly Piece[], width: number, color: boolean): string[] {
  const bold: Piece[] = pieces.map((piece) => ({ ...piece, styles: [...piece.styles, 'bold'] }));
  if (level >= 3) return wrapPieces([{ text: '▸ ', styles: ['bold'] }, ...bold], width, color);
  const lines = wrapPieces(bold, width, color);
  const underline = Math.min(width, Math.max(...lines.map((line) => visibleWidth(line)), visibleWidth(plainText(pieces)) > width ? width : 0));
  lines.push(styleText((level === 1 ? '═' : '─').repeat(Math.max(1, underline)), [], color));
  return lines;
}

function renderList(list: Extract<Block, { kind: 'list' }>, width: number, color: boolean): string[] {
  const lines: string[] = [];
  const last = list.start + list.items.length - 1;
  const markerWidth = list.ordered ? `${last}.`.length + 1 : 2;
  list.items.forEach((item, index) => {
    const marker = list.ordered ? `${list.start + index}.`.padEnd(markerWidth) : '• ';
    const inner = renderBlocks(item, Math.max(1, width - markerWidth), color, list.tight);
    if (!list.tight && index > 0) lines.push('');
    inner.forEach((line, lineIndex) => {
      lines.push((lineIndex === 0 ? marker : ' '.repeat(markerWidth)) + line);
    });
    if (inner.length === 0) lines.push(marker.trimEnd());
  });
  return lines;
}

/** A note: a bar down the left; its colour follows its label (Changed..., Note, Try it). */
function renderQuote(children: readonly Block[], width: number, color: boolean): string[] {
  const label = firstLabel(children);
  const barStyle = /^changed/i.test(label) ? '\x1b[33m' : /^try it/i.test(label) ? '\x1b[32m' : '\x1b[34m';
  const bar = color ? `${barStyle}┃\x1b[39m ` : '┃ ';
  return renderBlocks(children, Math.max(1, width - 2), color, false).map((line) => (line === '' ? bar.trimEnd() : bar + line));
}

function firstLabel(children: readonly Block[]): string {
  const first = children[0];
  if (first === undefined || first.kind !== 'paragraph') return '';
  const piece = first.pieces[0];
  return piece !== undefined && piece.styles.includes('bold') ? piece.text : '';
}
