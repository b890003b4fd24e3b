/** One key and what it does, as the key bar and the help overlay show it. */
export interface KeyHint {
  readonly keys: string;
  readonly action: string;
}

export function formatKeyHints(hints: readonly KeyHint[]): string[] {
  return hints.map((hint) => `${hint.keys} ${hint.action}`);
}

/** Packs hints into at most `maxLines` lines of `width` columns; what does not fit is left to `?`. */
export function packKeyHints(hints: readonly KeyHint[], width: number, maxLines: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const text of formatKeyHints(hints)) {
    const candidate = line === '' ? text : `${line}  ${text}`;
    if (candidate.length <= width) {
      line = candidate;
      continue;
    }
    if (line !== '') lines.push(line);
    if (lines.length === maxLines) return lines;
    line = text.slice(0, width);
  }
  if (line !== '' && lines.length < maxLines) lines.push(line);
  return lines;
}
