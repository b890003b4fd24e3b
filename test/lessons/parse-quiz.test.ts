/**
 * The quiz parser on malformed files: every problem is a LessonFileError naming the file, the
 * 1-based line, and what is wrong or missing.
 */
import { describe, expect, it } from 'vitest';
import { LessonFileError } from '../../src/lessons/index.js';
import { parseQuiz } from '../../src/lessons/parse-quiz.js';

const FILE = 'lessons/99-test/quiz.md';

function parse(text: string) {
  return parseQuiz(text, FILE, { objectiveCount: 5 });
}

function errorOf(text: string): LessonFileError {
  try {
    parse(text);
  } catch (error) {
    if (error instanceof LessonFileError) return error;
    throw error;
  }
  throw new Error('expected a LessonFileError, but the quiz parsed');
}

const good = [
  '# Quiz',
  '',
  '## first-question',
  'objective: 2',
  '',
  'Which one?',
  '',
  '- [ ] wrong',
  '- [x] right',
  '',
  'Explanation:',
  'Because.',
].join('\n');

describe('parseQuiz on a well-formed question', () => {
  it('reads the id, objective, prompt, choices with keys a, b..., the marked answer and the explanation', () => {
    const [question] = parse(good);
    expect(question).toMatchObject({
      id: 'first-question',
      objective: 2,
      prompt: 'Which one?',
      choices: [
        { key: 'a', text: 'wrong' },
        { key: 'b', text: 'right' },
      ],
      answers: ['b'],
      explanation: 'Because.',
      computed: false,
      kind: 'choice',
    });
  });

  it('marks the computed answer among [?] choices and fills {{values}}', () => {
    const text = [
      '## where-does-it-go',
      'objective: 2',
      'compute: partition key=user-123 partitions=3',
      '',
      'Key {{key}} with {{partitions}} partitions?',
      '',
      '- [?] 0',
      '- [?] 1',
      '- [?] 2',
      '',
      'Explanation:',
      'murmur2 is {{murmur2}}, so {{answer}}.',
    ].join('\n');
    const [question] = parse(text);
    expect(question!.computed).toBe(true);
    expect(question!.answers).toEqual(['c']);
    expect(question!.prompt).toBe('Key user-123 with 3 partitions?');
    expect(question!.explanation).toBe('murmur2 is -1468255980, so 2.');
    expect(question!.computation).toEqual({ name: 'partition', args: { key: 'user-123', partitions: '3' } });
  });
});

// [what is broken, the file, the line the error must name, words the message must contain]
const malformed: Array<[string, string, number, RegExp]> = [
  ['no questions at all', '# Quiz\n\nJust an introduction.\n', 1, /no questions/],
  ['a question without an objective line', good.replace('objective: 2\n', ''), 3, /no "objective: N" line/],
  ['an objective out of range', good.replace('objective: 2', 'objective: 9'), 4, /objective "9" must be a number from 1 to 5/],
  ['an unknown field', good.replace('objective: 2', 'objective: 2\nlevel: hard'), 5, /unknown field "level:"/],
  ['a repeated field', good.replace('objective: 2', 'objective: 2\nobjective: 3'), 5, /given twice/],
  ['no prompt', good.replace('Which one?\n', ''), 3, /no prompt/],
  ['one choice only', good.replace('- [ ] wrong\n', ''), 3, /at least 2 choices.*it has 1/],
  ['no right answer marked', good.replace('[x]', '[ ]'), 3, /marks no right answer: put \[x\]/],
  ['no explanation', good.replace('\nExplanation:\nBecause.', ''), 3, /no explanation/],
  ['an empty explanation', good.replace('Because.', ''), 11, /no explanation/],
  ['a badly written choice', good.replace('- [x] right', '- [v] right'), 9, /must look like "- \[ \] text"/],
  ['text between the choices', good.replace('- [x] right', '\nstray text\n- [x] right'), 10, /only "Explanation:" may follow/],
  ['a bad id', good.replace('## first-question', '## First Question'), 3, /must be lowercase letters, digits and dashes/],
  ['a repeated id', `${good}\n\n${good.replace('# Quiz\n', '')}`, 15, /already used on line 3/],
  ['[?] outside a computed question', good.replace('[ ] wrong', '[?] wrong'), 8, /only for computed questions/],
  ['a bad kind', good.replace('objective: 2', 'objective: 2\nkind: essay'), 5, /kind "essay" must be choice or predict/],
  ['a bad course number', good.replace('objective: 2', 'objective: 2\ncourse: 7'), 5, /course "7" must be a number from 1 to 5/],
  ['an unclosed code block', good.replace('Which one?', 'Which one?\n```\ncode'), 7, /code block is never closed/],
];

describe('parseQuiz on malformed files', () => {
  it.each(malformed)('%s: names the line and what is wrong', (_what, text, line, message) => {
    const error = errorOf(text);
    expect(error.file).toBe(FILE);
    expect(error.line).toBe(line);
    expect(error.message).toMatch(message);
    expect(error.message.startsWith(`${FILE}:${line}: `)).toBe(true);
  });
});

describe('parseQuiz on malformed computed questions', () => {
  const computed = (compute: string, choices: string[]): string =>
    ['## computed', 'objective: 2', `compute: ${compute}`, '', 'Prompt?', '', ...choices, '', 'Explanation:', 'Why.'].join('\n');

  it('refuses a computed answer that no choice spells', () => {
    const error = errorOf(computed('partition key=user-123 partitions=3', ['- [?] 0', '- [?] 1']));
    expect(error.line).toBe(3);
    expect(error.message).toMatch(/computed answer "2" matches 0 choices/);
  });

  it('refuses [x] marks in a computed question', () => {
    const error = errorOf(computed('partition key=user-123 partitions=3', ['- [x] 2', '- [?] 1']));
    expect(error.line).toBe(7);
    expect(error.message).toMatch(/every choice is "- \[\?\] text"/);
  });

  it('refuses an unknown computation, a missing argument and a misspelt one', () => {
    expect(errorOf(computed('murmur key=a', ['- [?] 0', '- [?] 1'])).message).toMatch(/:3: compute: unknown computation "murmur"/);
    expect(errorOf(computed('partition key=a', ['- [?] 0', '- [?] 1'])).message).toMatch(/:3: compute: "partition" needs partitions=/);
    expect(errorOf(computed('partition key=a partitions=3 partition=2', ['- [?] 0', '- [?] 1'])).message).toMatch(/does not take partition=/);
  });

  it('refuses a {{value}} that the question does not compute', () => {
    const error = errorOf(good.replace('Because.', 'Because {{answer}}.'));
    expect(error.line).toBe(11);
    expect(error.message).toMatch(/\{\{answer\}\} names no computed value/);
  });
});
