/**
 * Plain text wrapped to a width as whole screen rows, so a screen can count the rows it draws and
 * never hand Ink a line that wraps (or holds a newline) behind its back: Ink draws such a line over
 * the next one when the box is short (the overprinted path line on the exercises screen).
 */
import { wrapPieces } from '../markdown/styled-text.js';

/**
 * Each line of `text` (split at newlines) wrapped at word boundaries to `width` columns; a line's
 * leading spaces are kept on every row it wraps to, so an indented message stays indented.
 */
export function wrapLines(text: string, width: number): string[] {
  return text.split('\n').flatMap((line) => {
    const leading = /^ */.exec(line)![0];
    const body = line.slice(leading.length);
    // A deep indent on a narrow terminal would leave no room for the words: drop it then.
    const indent = leading.length * 2 < width ? leading : '';
    if (body === '') return [''];
    return wrapPieces([{ text: body, styles: [] }], Math.max(1, width - indent.length), false).map((row) => `${indent}${row}`);
  });
}
