/**
 * Inline text as styled pieces, and word wrapping over them. A piece carries its styles; ANSI
 * codes are produced only when colour is on, one open/close pair per piece, so any line can be cut
 * between pieces and still reset cleanly.
 */
import { chunkPlain, visibleWidth } from './text-width.js';

export type InlineStyle = 'bold' | 'italic' | 'code' | 'link' | 'url' | 'strike';

export interface Piece {
  readonly text: string;
  readonly styles: readonly InlineStyle[];
  /**
   * For inline code without colour: whether this piece starts and/or ends its code span, where a
   * backtick is shown. A span split over several words keeps one backtick at each end.
   */
  readonly ticks?: { readonly open: boolean; readonly close: boolean };
}

/** A forced line break inside a paragraph (Markdown hard break). */
export const HARD_BREAK: Piece = { text: '\n', styles: [] };

const OPEN: Record<InlineStyle, string> = {
  bold: '\x1b[1m',
  italic: '\x1b[3m',
  code: '\x1b[36m',
  link: '\x1b[4m',
  url: '\x1b[2m',
  strike: '\x1b[9m',
};
const CLOSE: Record<InlineStyle, string> = {
  bold: '\x1b[22m',
  italic: '\x1b[23m',
  code: '\x1b[39m',
  link: '\x1b[24m',
  url: '\x1b[22m',
  strike: '\x1b[29m',
};

/** One piece as terminal text. Without colour, inline code keeps its backticks so it stays visible. */
export function stylePiece(piece: Piece, color: boolean): string {
  if (!color) {
    if (!piece.styles.includes('code')) return piece.text;
    const ticks = piece.ticks ?? { open: true, close: true };
    return `${ticks.open ? '`' : ''}${piece.text}${ticks.close ? '`' : ''}`;
  }
  if (piece.styles.length === 0) return piece.text;
  return piece.styles.map((style) => OPEN[style]).join('') + piece.text + [...piece.styles].reverse().map((style) => CLOSE[style]).join('');
}

/** Styles a whole string at once (headings, labels). */
export function styleText(text: string, styles: readonly InlineStyle[], color: boolean): string {
  return stylePiece({ text, styles }, color);
}

type Word = Piece[];

/** Splits pieces into words (runs between spaces) that keep their pieces' styles. */
function toWords(pieces: readonly Piece[]): Array<Word | 'break'> {
  const words: Array<Word | 'break'> = [];
  let word: Piece[] = [];
  const flush = (): void => {
    if (word.length > 0) words.push(word);
    word = [];
  };
  for (const piece of pieces) {
    if (piece === HARD_BREAK) {
      flush();
      words.push('break');
      continue;
    }
    const parts = piece.text.split(/(\s+)/).filter((part) => part !== '');
    const textParts = parts.filter((part) => !/^\s+$/.test(part));
    let textIndex = 0;
    for (const part of parts) {
      if (/^\s+$/.test(part)) flush();
      else word.push(partOf(piece, part, textIndex++, textParts.length));
    }
  }
  flush();
  return words;
}

/** Columns a piece takes on screen (without colour, inline code gains its two backticks). */
function pieceWidth(piece: Piece, color: boolean): number {
  return visibleWidth(piece.text) + backtickColumns(piece, color);
}

function backtickColumns(piece: Piece, color: boolean): number {
  if (color || !piece.styles.includes('code')) return 0;
  const ticks = piece.ticks ?? { open: true, close: true };
  return (ticks.open ? 1 : 0) + (ticks.close ? 1 : 0);
}

/** Part `index` of `count` pieces cut from `piece` keeps the backticks at the span's ends only. */
function partOf(piece: Piece, text: string, index: number, count: number): Piece {
  const ticks = piece.ticks ?? { open: true, close: true };
  return { text, styles: piece.styles, ticks: { open: ticks.open && index === 0, close: ticks.close && index === count - 1 } };
}

const wordWidth = (word: Word, color: boolean): number => word.reduce((sum, piece) => sum + pieceWidth(piece, color), 0);

/** Breaks a word wider than a line into line-sized words (a long URL, a long identifier). */
function splitLongWord(word: Word, width: number, color: boolean): Word[] {
  const result: Word[] = [];
  let current: Piece[] = [];
  let used = 0;
  const newLine = (): void => {
    if (current.length > 0) result.push(current);
    current = [];
    used = 0;
  };
  for (const whole of word) {
    const ticks = whole.ticks ?? { open: true, close: true };
    let rest = whole.text;
    let first = true;
    while (rest !== '') {
      const open = ticks.open && first;
      // Room for both backticks is kept even if this chunk turns out not to end the span.
      const reserve = backtickColumns({ ...whole, ticks: { open, close: ticks.close } }, color);
      const room = width - used - reserve;
      const head = room > 0 ? chunkPlain(rest, room)[0] : undefined;
      const taken = head !== undefined && visibleWidth(head) <= room ? head : used === 0 ? [...rest][0]! : undefined;
      if (taken === undefined) {
        newLine();
        continue;
      }
      rest = rest.slice(taken.length);
      const piece: Piece = { text: taken, styles: whole.styles, ticks: { open, close: ticks.close && rest === '' } };
      current.push(piece);
      used += pieceWidth(piece, color);
      first = false;
      if (used >= width) newLine();
    }
  }
  newLine();
  return result;
}

/**
 * Wraps styled pieces into lines of at most `width` visible columns (width ≥ 1). Returns the
 * lines already styled (ANSI only when colour is on).
 */
export function wrapPieces(pieces: readonly Piece[], width: number, color: boolean): string[] {
  const lines: string[] = [];
  let line = '';
  let used = 0;
  const finish = (): void => {
    lines.push(line);
    line = '';
    used = 0;
  };
  for (const entry of toWords(pieces)) {
    if (entry === 'break') {
      finish();
      continue;
    }
    const parts = wordWidth(entry, color) > width ? splitLongWord(entry, width, color) : [entry];
    for (const part of parts) {
      const partWidth = wordWidth(part, color);
      const gap = used === 0 ? 0 : 1;
      if (used + gap + partWidth > width && used > 0) finish();
      if (used > 0) {
        line += ' ';
        used += 1;
      }
      line += part.map((piece) => stylePiece(piece, color)).join('');
      used += partWidth;
    }
  }
  if (used > 0 || lines.length === 0) finish();
  return lines;
}

/** Plain text of pieces (no styling). */
export function plainText(pieces: readonly Piece[]): string {
  return pieces.map((piece) => piece.text).join('');
}

/** Columns the pieces take on one line, as shown. */
export function piecesWidth(pieces: readonly Piece[], color: boolean): number {
  return pieces.reduce((sum, piece) => sum + pieceWidth(piece, color), 0);
}

