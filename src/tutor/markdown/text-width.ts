/**
 * How many terminal columns a string takes: ANSI styling takes none, combining marks none, wide
 * East Asian characters and most emoji two, everything else (box drawing included) one.
 */

// eslint-disable-next-line no-control-regex
const ANSI = /\x1b\[[0-9;]*m/g;

export function stripAnsi(text: string): string {
  return text.replace(ANSI, '');
}

/** Columns one code point takes. */
export function codePointWidth(codePoint: number): number {
  if (codePoint === 0 || codePoint < 32 || (codePoint >= 0x7f && codePoint < 0xa0)) return 0;
  if ((codePoint >= 0x300 && codePoint <= 0x36f) || codePoint === 0x200d || (codePoint >= 0xfe00 && codePoint <= 0xfe0f)) return 0;
  if (
    (codePoint >= 0x1100 && codePoint <= 0x115f) ||
    (codePoint >= 0x2e80 && codePoint <= 0xa4cf) ||
    (codePoint >= 0xac00 && codePoint <= 0xd7a3) ||
    (codePoint >= 0xf900 && codePoint <= 0xfaff) ||
    (codePoint >= 0xfe30 && codePoint <= 0xfe4f) ||
    (codePoint >= 0xff00 && codePoint <= 0xff60) ||
    (codePoint >= 0xffe0 && codePoint <= 0xffe6) ||
    (codePoint >= 0x1f300 && codePoint <= 0x1f64f) ||
    (codePoint >= 0x1f900 && codePoint <= 0x1f9ff) ||
    (codePoint >= 0x20000 && codePoint <= 0x3fffd)
  ) {
    return 2;
  }
  return 1;
}

/** Visible columns of a string that may hold ANSI styling. */
export function visibleWidth(text: string): number {
  // Fast path: printable ASCII without styling is one column per character.
  if (/^[\x20-\x7e]*$/.test(text)) return text.length;
  let width = 0;
  for (const character of text.includes('\x1b') ? stripAnsi(text) : text) width += codePointWidth(character.codePointAt(0)!);
  return width;
}

/**
 * Cuts plain text (no ANSI) to at most `width` columns, ending with "…" when something was cut,
 * so a clipped diagram line is visibly clipped rather than silently shortened.
 */
export function clipPlain(text: string, width: number): string {
  if (visibleWidth(text) <= width) return text;
  if (width <= 0) return '';
  let result = '';
  let used = 0;
  for (const character of text) {
    const columns = codePointWidth(character.codePointAt(0)!);
    if (used + columns > width - 1) break;
    result += character;
    used += columns;
  }
  return `${result}…`;
}

/** Splits plain text into pieces of at most `width` columns (for a word longer than a line). */
export function chunkPlain(text: string, width: number): string[] {
  const chunks: string[] = [];
  let chunk = '';
  let used = 0;
  for (const character of text) {
    const columns = codePointWidth(character.codePointAt(0)!);
    if (used + columns > width && chunk !== '') {
      chunks.push(chunk);
      chunk = '';
      used = 0;
    }
    chunk += character;
    used += columns;
  }
  if (chunk !== '') chunks.push(chunk);
  return chunks;
}

/** Pads with spaces on the right to `width` visible columns. */
export function padVisible(text: string, width: number): string {
  return text + ' '.repeat(Math.max(0, width - visibleWidth(text)));
}
