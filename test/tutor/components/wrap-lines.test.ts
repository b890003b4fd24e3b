import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { wrapLines } from '../../../src/tutor/components/wrap-lines.js';
import { visibleWidth } from '../../../src/tutor/markdown/text-width.js';

describe('wrapLines', () => {
  it('wraps at words, keeps an indent on every row, and splits at newlines', () => {
    expect(wrapLines('    the partition must be 3, as every client computes it', 30)).toEqual([
      '    the partition must be 3,',
      '    as every client computes',
      '    it',
    ]);
    expect(wrapLines('your code threw: x\n  at Module.keyBytes', 80)).toEqual(['your code threw: x', '  at Module.keyBytes']);
  });

  it('never gives a row wider than the width, and loses no word', () => {
    fc.assert(
      fc.property(fc.array(fc.stringMatching(/^[a-z:./0-9]{1,30}$/), { maxLength: 30 }), fc.nat(6), fc.integer({ min: 1, max: 100 }), (words, indent, width) => {
        const text = `${' '.repeat(indent)}${words.join(' ')}`;
        const rows = wrapLines(text, width);
        expect(rows.every((row) => visibleWidth(row) <= width)).toBe(true);
        expect(rows.join('').replace(/\s+/g, '')).toBe(words.join(''));
      }),
      { numRuns: 200 },
    );
  });
});
