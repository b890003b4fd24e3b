/**
 * Properties of the lesson and quiz parsers: any text either parses or fails with a LessonFileError
 * pointing at a line of that text (never another exception), and a quiz written from question data
 * parses back to the same data. fast-check prints the seed and path of any failure for replay.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LessonFileError } from '../../src/lessons/index.js';
import { parseLesson } from '../../src/lessons/parse-lesson.js';
import { parseQuiz } from '../../src/lessons/parse-quiz.js';

/** Lines that look like parts of lessons and quizzes, right and wrong, to shuffle into documents. */
const quizLine = fc.constantFrom(
  '# Quiz',
  '## a-question',
  '## another-one',
  '## Bad Id',
  'objective: 1',
  'objective: 7',
  'kind: predict',
  'kind: essay',
  'course: 2',
  'compute: partition key=user-1 partitions=3',
  'compute: partition key=user-1',
  'compute: nothing here=1',
  'What happens?',
  '- [ ] 0',
  '- [ ] 1',
  '- [x] 2',
  '- [?] 2',
  '- [v] broken',
  '  continued choice text',
  'Explanation:',
  'Because {{answer}}.',
  'Because {{partition key=a partitions=2}}.',
  '```',
  '',
);

const lessonLine = fc.constantFrom(
  '# Lesson',
  '## Learning objectives',
  '1. One',
  '2. Two',
  '3. Three',
  '## A section',
  '## Another section',
  '<!-- section objective=1 -->',
  '<!-- section objective=2 playground=partitioning exercise=01-partitioner -->',
  '<!-- section objective=9 -->',
  '<!-- section playground=nowhere -->',
  'Some text with {{partition key=user-123 partitions=3}}.',
  'Bad {{partition key=x}}.',
  '```generated key-placement keys=a,b partitions=2',
  '```generated high-watermark leader=1 leader-leo=5 isr=1,2 leos=2:3',
  '```generated nothing',
  '```',
  '> **Note**: a note',
  '',
);

function expectParsesOrLocatedError(parse: () => unknown, lineCount: number): void {
  try {
    parse();
  } catch (error) {
    if (!(error instanceof LessonFileError)) throw error;
    expect(error.line).toBeGreaterThanOrEqual(1);
    expect(error.line).toBeLessThanOrEqual(Math.max(1, lineCount));
    expect(error.message).toMatch(/^test\.md:\d+: \S/);
  }
}

describe('parser properties', () => {
  it('any quiz text parses or fails with a LessonFileError at one of its lines', () => {
    fc.assert(
      fc.property(fc.array(quizLine, { maxLength: 40 }), (lines) => {
        expectParsesOrLocatedError(() => parseQuiz(lines.join('\n'), 'test.md', { objectiveCount: 5 }), lines.length);
      }),
      { numRuns: 500 },
    );
  });

  it('any lesson text parses (diagrams drawn) or fails with a LessonFileError at one of its lines', () => {
    fc.assert(
      fc.property(fc.array(lessonLine, { maxLength: 40 }), (lines) => {
        expectParsesOrLocatedError(() => {
          for (const section of parseLesson(lines.join('\n'), 'test.md', '99').sections) void section.markdown;
        }, lines.length);
      }),
      { numRuns: 500 },
    );
  });

  const choiceText = fc.stringMatching(/^[a-z][a-z ]{0,20}[a-z]$/);
  const question = fc.record({
    objective: fc.integer({ min: 1, max: 5 }),
    kind: fc.constantFrom('choice', 'predict'),
    prompt: fc.stringMatching(/^[A-Z][a-z ,]{0,40}\?$/),
    choices: fc.uniqueArray(choiceText, { minLength: 2, maxLength: 8 }),
    rightMask: fc.array(fc.boolean(), { minLength: 8, maxLength: 8 }),
    explanation: fc.stringMatching(/^[A-Z][a-z ,]{0,60}\.$/),
  });

  it('a quiz written from question data parses back to the same data', () => {
    fc.assert(
      fc.property(fc.array(question, { minLength: 1, maxLength: 6 }), (questions) => {
        const right = (q: (typeof questions)[number]): boolean[] => {
          const mask = q.choices.map((_, index) => q.rightMask[index]!);
          if (!mask.includes(true)) mask[0] = true;
          return mask;
        };
        const text = questions
          .map((q, index) =>
            [
              `## q-${index}`,
              `objective: ${q.objective}`,
              `kind: ${q.kind}`,
              '',
              q.prompt,
              '',
              ...q.choices.map((choice, choiceIndex) => `- [${right(q)[choiceIndex] ? 'x' : ' '}] ${choice}`),
              '',
              'Explanation:',
              q.explanation,
            ].join('\n'),
          )
          .join('\n\n');
        const parsed = parseQuiz(text, 'test.md', { objectiveCount: 5 });
        expect(parsed).toHaveLength(questions.length);
        parsed.forEach((got, index) => {
          const q = questions[index]!;
          expect(got.id).toBe(`q-${index}`);
          expect(got.objective).toBe(q.objective);
          expect(got.kind).toBe(q.kind);
          expect(got.prompt).toBe(q.prompt);
          expect(got.choices.map((choice) => choice.text)).toEqual(q.choices);
          expect(got.answers).toEqual(right(q).flatMap((isRight, choiceIndex) => (isRight ? ['abcdefgh'[choiceIndex]!] : [])));
          expect(got.explanation).toBe(q.explanation);
          expect(got.computed).toBe(false);
        });
      }),
      { numRuns: 300 },
    );
  });
});
