/**
 * The terminal Markdown renderer, on the real lesson and on small documents: lines never exceed the
 * width, ANSI appears only with colour, and tables, code, notes, lists and links stay recognisable.
 */
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadLesson, loadQuiz } from '../../../src/lessons/index.js';
import { renderMarkdown } from '../../../src/tutor/markdown/render-markdown.js';
import { visibleWidth } from '../../../src/tutor/markdown/text-width.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const lesson = loadLesson(ROOT, '02');
const ESC = '\x1b';

const sectionText = (id: string): string => {
  const section = lesson.sections.find((candidate) => candidate.id === id)!;
  return `## ${section.title}\n\n${section.markdown}`;
};
const everything = lesson.sections.map((section) => `## ${section.title}\n\n${section.markdown}`).join('\n\n');

describe('renderMarkdown on the real lesson', () => {
  it.each([60, 80, 120])('keeps every line within %i columns, with and without colour', (width) => {
    for (const color of [false, true]) {
      const lines = renderMarkdown(everything, { width, color });
      const tooWide = lines.filter((line) => visibleWidth(line) > width);
      expect(tooWide, `width ${width}, color ${color}`).toEqual([]);
    }
  });

  it.each([60, 80, 120])('clips no diagram at %i columns: every code line of the lesson appears whole', (width) => {
    const output = renderMarkdown(everything, { width, color: false }).join('\n');
    expect(output).not.toContain('…');
    const codeLines = everything.match(/```text\n([\s\S]*?)```/g)!.flatMap((block) => block.split('\n').slice(1, -1));
    for (const line of codeLines.filter((text) => text.trim() !== '')) expect(output).toContain(line.trimEnd());
  });

  it('uses ANSI styling only when colour is on', () => {
    expect(renderMarkdown(everything, { width: 80, color: false }).join('\n')).not.toContain(ESC);
    expect(renderMarkdown(everything, { width: 80, color: true }).join('\n')).toContain(`${ESC}[1m`);
  });

  it('draws tables with box characters, every row the same width', () => {
    const lines = renderMarkdown(sectionText('acks-and-min-insync-replicas'), { width: 60, color: false });
    const table = lines.filter((line) => /^[┌│├└]/.test(line));
    expect(table[0]).toMatch(/^┌─+┬─+┬─+┐$/);
    expect(table.at(-1)).toMatch(/^└─+┴─+┴─+┘$/);
    expect(new Set(table.map((line) => visibleWidth(line))).size).toBe(1);
    expect(table.join('\n')).toMatch(/│ `acks` +│/);
  });

  it('renders notes with a bar and headings with a rule', () => {
    const lines = renderMarkdown(sectionText('zookeeper-mode-and-why-it-is-gone'), { width: 80, color: false });
    expect(lines[0]).toBe('ZooKeeper mode, and why it is gone');
    expect(lines[1]).toMatch(/^─+$/);
    expect(lines.some((line) => line.startsWith('┃ Changed in Kafka 4.0: ZooKeeper mode has been removed.'))).toBe(true);
  });

  it('keeps a generated diagram exactly as drawn, indented', () => {
    const lines = renderMarkdown(sectionText('when-a-leader-fails'), { width: 60, color: false });
    expect(lines.some((line) => /^ {2}after +leader 2 +ISR \{2, 3\}/.test(line))).toBe(true);
  });
});

describe('renderMarkdown on the real quiz', () => {
  it('renders every prompt, choice and explanation within 60 columns, without clipping', () => {
    for (const question of loadQuiz(ROOT, '02')) {
      const parts = [question.prompt, ...question.choices.map((choice) => `${choice.key}) ${choice.text}`), question.explanation];
      for (const part of parts) {
        const lines = renderMarkdown(part, { width: 60, color: false });
        expect(lines.every((line) => visibleWidth(line) <= 60), question.id).toBe(true);
        expect(lines.join('\n'), question.id).not.toContain('…');
      }
    }
  });
});

describe('renderMarkdown on small documents', () => {
  it('wraps paragraphs at word boundaries and styles inline text', () => {
    const lines = renderMarkdown('Some **bold** words and `inline code` and *emphasis* that wrap here.', { width: 20, color: false });
    expect(lines).toEqual(['Some bold words and', '`inline code` and', 'emphasis that wrap', 'here.']);
    const colored = renderMarkdown('**bold** `code`', { width: 20, color: true })[0]!;
    expect(colored).toBe(`${ESC}[1mbold${ESC}[22m ${ESC}[36mcode${ESC}[39m`);
  });

  it('hangs list text after the bullet or the number', () => {
    expect(renderMarkdown('- one two three four\n- five', { width: 12, color: false })).toEqual(['• one two', '  three four', '• five']);
    expect(renderMarkdown('9. nine\n10. ten ten ten', { width: 12, color: false })).toEqual(['9.  nine', '10. ten ten', '    ten']);
  });

  it('shows the URL of a web link and only the text of a local one', () => {
    const lines = renderMarkdown('See [KIP-392](https://cwiki.apache.org/KIP-392) and [the quiz](quiz.md).', { width: 100, color: false });
    expect(lines).toEqual(['See KIP-392 (https://cwiki.apache.org/KIP-392) and the quiz.']);
  });

  it('never wraps a code line: a too-long one is clipped with an ellipsis', () => {
    const lines = renderMarkdown('```\n┌────────────────────┐\n│ a box that is wide │\n```', { width: 12, color: false });
    expect(lines).toEqual(['  ┌────────…', '  │ a box t…']);
  });

  it('fits a wide table into a narrow terminal by wrapping cells, or stacks rows when columns cannot fit', () => {
    const table = '| Name | Meaning |\n|---|---|\n| HW | the first offset not yet on every in-sync replica |';
    const lines = renderMarkdown(table, { width: 30, color: false });
    expect(lines.every((line) => visibleWidth(line) <= 30)).toBe(true);
    expect(lines.join('\n')).toContain('│ HW');
    const stacked = renderMarkdown('| a | b | c | d |\n|---|---|---|---|\n| 1 | 2 | 3 | 4 |', { width: 10, color: false });
    expect(stacked).toContain('a: 1');
  });

  it('drops HTML comments (the lesson metadata)', () => {
    expect(renderMarkdown('<!-- section objective=1 -->\n\nText.', { width: 20, color: false })).toEqual(['Text.']);
  });

  it('refuses a width that is not a positive whole number', () => {
    expect(() => renderMarkdown('x', { width: 0, color: false })).toThrow(/width must be a positive whole number/);
  });
});

describe('renderMarkdown properties', () => {
  const fragment = fc.constantFrom(
    '# Heading with several words',
    '## Second level',
    '### Third',
    'A paragraph with **bold**, *italic*, `code spans with spaces`, and [a link](https://example.com/a/very/long/path).',
    'averyveryverylongwordwithoutanyspacesthatmustbebrokensomewhere',
    '- item one\n- item two with more words\n  1. nested\n  2. nested again',
    '> **Note**: a note that goes on for a while and wraps.',
    '| A | B |\n|---|---|\n| one cell | another cell with text |',
    '```\n┌──────────────────────────────────────┐\n│ diagram                              │\n└──────────────────────────────────────┘\n```',
    '日本語のテキストと emoji 🙂 mixed in',
    '---',
  );

  it('keeps every line within the width for any mix of blocks and any width from 1 to 120', () => {
    fc.assert(
      fc.property(fc.array(fragment, { minLength: 1, maxLength: 8 }), fc.integer({ min: 1, max: 120 }), fc.boolean(), (parts, width, color) => {
        const lines = renderMarkdown(parts.join('\n\n'), { width, color });
        for (const line of lines) expect(visibleWidth(line)).toBeLessThanOrEqual(width);
        if (!color) for (const line of lines) expect(line).not.toContain(ESC);
      }),
      { numRuns: 300 },
    );
  });
});
