/**
 * The lesson parser: sections with their metadata, values and diagrams filled in from the
 * reference Kafka, and a LessonFileError naming the line for every malformed file.
 */
import { describe, expect, it } from 'vitest';
import { partitionForKey, utf8KeyBytes } from '../../src/kafka/partitioning/index.js';
import { LessonFileError } from '../../src/lessons/index.js';
import { parseLesson } from '../../src/lessons/parse-lesson.js';

const FILE = 'lessons/99-test/lesson.md';

const good = [
  '# A lesson', // 1
  '', // 2
  '## Learning objectives', // 3
  '1. First', // 4
  '2. Second', // 5
  '', // 6
  '## Keys and partitions', // 7
  '<!-- section objective=1 playground=partitioning exercise=01-partitioner -->', // 8
  '', // 9
  'user-123 goes to {{partition key=user-123 partitions=3}}.', // 10
  '', // 11
  '```generated key-placement keys=user-123 partitions=3', // 12
  '```', // 13
  '', // 14
  '## The second one', // 15
  '<!-- section objective=2 -->', // 16
  'Text.', // 17
].join('\n');

function errorOf(text: string): LessonFileError {
  try {
    const lesson = parseLesson(text, FILE, '99');
    // Deferred diagrams fail when their section is first read.
    for (const section of lesson.sections) void section.markdown;
  } catch (error) {
    if (error instanceof LessonFileError) return error;
    throw error;
  }
  throw new Error('expected a LessonFileError, but the lesson parsed');
}

describe('parseLesson on a well-formed lesson', () => {
  const lesson = parseLesson(good, FILE, '99');

  it('reads the title, the objectives and each section with its metadata', () => {
    expect(lesson.title).toBe('A lesson');
    expect(lesson.objectives).toEqual(['First', 'Second']);
    expect(lesson.sections.map((section) => [section.id, section.objective, section.playground, section.exercise])).toEqual([
      ['keys-and-partitions', 1, 'partitioning', '01-partitioner'],
      ['the-second-one', 2, undefined, undefined],
    ]);
  });

  it('fills inline values and generated diagrams from the reference partitioner', () => {
    const expected = partitionForKey(utf8KeyBytes('user-123'), 3);
    const markdown = lesson.sections[0]!.markdown;
    expect(markdown).toContain(`user-123 goes to ${expected}.`);
    expect(markdown).toContain('```text');
    expect(markdown).toMatch(new RegExp(`"user-123" +-1468255980 +679227668 +→ ${expected}`));
    expect(markdown).not.toMatch(/\{\{|generated/);
  });

  it('appends a "Try it" note naming the playground and the exercise', () => {
    expect(lesson.sections[0]!.markdown).toMatch(/> \*\*Try it:\*\* the `partitioning` playground, then exercise `01-partitioner`\.$/);
    expect(lesson.sections[1]!.markdown).toBe('Text.');
  });
});

// [what is broken, the file, the line the error must name, words the message must contain]
const malformed: Array<[string, string, number, RegExp]> = [
  ['no title', good.replace('# A lesson\n', ''), 2, /must start with a "# Title"/],
  ['no objectives section', good.replace(/## Learning objectives\n1\. First\n2\. Second\n/, ''), 14, /no "## Learning objectives"/],
  ['objectives out of order', good.replace('2. Second', '3. Second'), 5, /objective 3 is out of order: expected 2/],
  ['a section without metadata', good.replace('<!-- section objective=2 -->\n', ''), 16, /needs "<!-- section objective=N -->"/],
  ['metadata without an objective', good.replace('<!-- section objective=2 -->', '<!-- section playground=kraft -->'), 16, /objective=N is missing/],
  ['an unknown playground', good.replace('playground=partitioning', 'playground=sandbox'), 8, /unknown playground "sandbox"/],
  ['an unknown exercise', good.replace('exercise=01-partitioner', 'exercise=07-nothing'), 8, /unknown exercise "07-nothing"/],
  ['an objective the lesson does not have', good.replace('objective=2 -->', 'objective=3 -->'), 15, /names objective 3, but the lesson has 2/],
  ['an objective without sections', good.replace('objective=2 -->', 'objective=1 -->'), 3, /objective 2 has no section/],
  ['an unknown inline value', good.replace('{{partition key=user-123 partitions=3}}', '{{hash key=a}}'), 10, /unknown inline value "hash"/],
  ['an inline value missing an argument', good.replace(' partitions=3}}', '}}'), 10, /"partition" needs partitions=/],
  ['an unknown diagram', good.replace('generated key-placement', 'generated pie-chart'), 12, /unknown diagram "pie-chart"/],
  ['a generated block with a body', good.replace('partitions=3\n```', 'partitions=3\nhand-drawn\n```'), 12, /must be empty/],
  ['an unclosed code block', good.replace('```\n\n## The second', '\n## The second'), 12, /never closed/],
  ['two sections with the same title', good.replace('## The second one', '## Keys and partitions'), 15, /two sections have the id "keys-and-partitions"/],
  [
    'a simulator diagram with a broker outside its replicas',
    good.replace('Text.', '```generated isr-after-crash seed=1 replicas=1,2,3 crash=4\n```'),
    17,
    /crash=4 is not one of the replicas/,
  ],
];

describe('parseLesson on malformed files', () => {
  it.each(malformed)('%s: names the line and what is wrong', (_what, text, line, message) => {
    const error = errorOf(text);
    expect(error.file).toBe(FILE);
    expect(error.line).toBe(line);
    expect(error.message).toMatch(message);
    expect(error.message.startsWith(`${FILE}:${line}: `)).toBe(true);
  });
});
