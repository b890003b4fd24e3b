/**
 * Line-level helpers shared by the lesson and quiz parsers: both read Markdown line by line (so every
 * problem has an exact line number) and must ignore headings and comments inside fenced code.
 */

/** The fence that opens a code block on this line (``` or ~~~, 3 or more), or undefined. */
export function openingFence(line: string): { fence: string; info: string } | undefined {
  const match = /^ {0,3}(`{3,}|~{3,})(.*)$/.exec(line);
  if (match === null) return undefined;
  const fence = match[1]!;
  const info = match[2]!.trim();
  if (fence.startsWith('`') && info.includes('`')) return undefined;
  return { fence, info };
}

/** True when this line closes a block opened with `fence`. */
export function closesFence(line: string, fence: string): boolean {
  const trimmed = line.trim();
  return trimmed.startsWith(fence[0]!.repeat(fence.length)) && /^(`+|~+)$/.test(trimmed) && trimmed[0] === fence[0];
}

/** `## Title` → { level: 2, text: 'Title' }; undefined for other lines. */
export function heading(line: string): { level: number; text: string } | undefined {
  const match = /^(#{1,6})\s+(.*?)\s*#*\s*$/.exec(line);
  if (match === null) return undefined;
  return { level: match[1]!.length, text: match[2]! };
}

/** `<!-- body -->` on one line → body; undefined otherwise. */
export function htmlComment(line: string): string | undefined {
  const match = /^\s*<!--(.*)-->\s*$/.exec(line);
  return match === null ? undefined : match[1]!.trim();
}

/** 'The high watermark (HW)' → 'the-high-watermark-hw'. */
export function slug(title: string): string {
  return title
    .toLowerCase()
    .replace(/[`*_]/g, '')
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '');
}
