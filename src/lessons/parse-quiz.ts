/**
 * Parses a knowledge-check file (format: lessons/02-architecture/README.md). One question:
 *
 *     ## partition-of-user-456              ← id: lowercase letters, digits, dashes
 *     objective: 2                          ← fields, right under the heading
 *     kind: predict                         ← optional: choice (default) or predict
 *     course: 2                             ← optional: rewords the course's question 2
 *     compute: partition key=user-456 partitions=3   ← optional: the answer is computed
 *
 *     The prompt, in Markdown.
 *
 *     - [ ] a wrong choice
 *     - [x] a right choice                  ← [?] in computed questions: the loader marks it
 *
 *     Explanation:
 *     Shown after answering, in Markdown.
 *
 * Line by line, so each problem names its line and what is missing.
 */
import { computations } from './computations.js';
import { ArgumentProblem, DirectiveArgs, parseDirective } from './directive-args.js';
import { fillInlineValues } from './fill-generated.js';
import { LessonFileError } from './lesson-file-error.js';
import type { QuizChoice, QuizQuestion } from './lesson-types.js';
import { closesFence, heading, openingFence } from './markdown-lines.js';

const CHOICE = /^- \[( |x|X|\?)\] (.*)$/;
const FIELD = /^([a-z-]+):\s*(.*)$/;
const MAX_CHOICES = 8;
const KEYS = 'abcdefgh';

interface Draft {
  readonly id: string;
  readonly line: number;
  readonly fields: Map<string, { value: string; line: number }>;
  readonly prompt: string[];
  readonly choices: Array<{ mark: string; text: string; line: number }>;
  explanation: string[] | undefined;
  explanationLine: number;
  /** Where the reader is: fields, prompt, choices, after-choices, explanation. */
  stage: 'fields' | 'prompt' | 'choices' | 'after-choices' | 'explanation';
}

export interface QuizParseOptions {
  /** How many learning objectives the lesson has: `objective:` must be within 1..this. */
  readonly objectiveCount: number;
}

export function parseQuiz(text: string, file: string, options: QuizParseOptions): QuizQuestion[] {
  const fail = (line: number, problem: string): never => {
    throw new LessonFileError(file, line, problem);
  };
  const drafts: Draft[] = [];
  let current: Draft | undefined;
  let fence: string | undefined;
  let fenceLine = 0;
  let sawTitle = false;

  text.split(/\r?\n/).forEach((raw, index) => {
    const line = index + 1;
    if (fence !== undefined) {
      if (closesFence(raw, fence)) fence = undefined;
      if (current !== undefined) pushText(current, raw, line, fail);
      return;
    }
    const head = heading(raw);
    if (head?.level === 1) {
      if (sawTitle || current !== undefined) fail(line, 'only the first line may be a "# " title; questions start with "## id"');
      sawTitle = true;
      return;
    }
    if (head?.level === 2) {
      if (current !== undefined) finishDraft(current, fail);
      if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(head.text)) fail(line, `question id "${head.text}" must be lowercase letters, digits and dashes`);
      const previous = drafts.find((draft) => draft.id === head.text);
      if (previous !== undefined) fail(line, `question id "${head.text}" is already used on line ${previous.line}`);
      current = { id: head.text, line, fields: new Map(), prompt: [], choices: [], explanation: undefined, explanationLine: 0, stage: 'fields' };
      drafts.push(current);
      return;
    }
    // Anything before the first question is an introduction for human readers.
    if (current === undefined) return;
    const opened = openingFence(raw);
    if (opened !== undefined) {
      fence = opened.fence;
      fenceLine = line;
      pushText(current, raw, line, fail);
      return;
    }
    readLine(current, raw, line, fail);
  });
  if (fence !== undefined) fail(fenceLine, `this code block is never closed (expected a closing ${fence})`);
  if (current !== undefined) finishDraft(current, fail);
  if (drafts.length === 0) fail(1, 'the quiz has no questions: each starts with a "## question-id" heading');
  return drafts.map((draft) => buildQuestion(draft, options, fail));
}

function readLine(draft: Draft, raw: string, line: number, fail: (line: number, problem: string) => never): void {
  if (draft.stage === 'fields') {
    const field = FIELD.exec(raw);
    if (field !== null && raw.trim() !== '') {
      const [, name, value] = field;
      if (!['objective', 'kind', 'course', 'compute'].includes(name!)) {
        fail(line, `unknown field "${name}:" (fields are objective, kind, course, compute)`);
      }
      if (draft.fields.has(name!)) fail(line, `field "${name}:" is given twice`);
      draft.fields.set(name!, { value: value!.trim(), line });
      return;
    }
    if (raw.trim() === '') {
      // The fields end at the first blank line after them.
      if (draft.fields.size > 0) draft.stage = 'prompt';
      return;
    }
    draft.stage = 'prompt';
  }
  if (raw.trim() === 'Explanation:') {
    if (draft.stage === 'explanation') fail(line, 'a second "Explanation:" line');
    if (draft.choices.length === 0) fail(line, `question "${draft.id}" has no choices before its explanation: list them as "- [ ] text"`);
    draft.stage = 'explanation';
    draft.explanation = [];
    draft.explanationLine = line;
    return;
  }
  const choice = CHOICE.exec(raw);
  if (choice !== null && draft.stage !== 'explanation') {
    if (draft.stage === 'after-choices') fail(line, 'choices must form one list: text between choices is not allowed');
    draft.stage = 'choices';
    draft.choices.push({ mark: choice[1]!.toLowerCase(), text: choice[2]!.trim(), line });
    return;
  }
  if (/^\s*- \[/.test(raw) && draft.stage !== 'explanation') {
    fail(line, 'a choice must look like "- [ ] text" (or "- [x] text" for a right one, "- [?] text" in computed questions)');
  }
  pushText(draft, raw, line, fail);
}

function pushText(draft: Draft, raw: string, line: number, fail: (line: number, problem: string) => never): void {
  switch (draft.stage) {
    case 'fields':
      draft.stage = 'prompt';
      draft.prompt.push(raw);
      return;
    case 'prompt':
      draft.prompt.push(raw);
      return;
    case 'choices':
    case 'after-choices':
      if (raw.trim() === '') {
        draft.stage = 'after-choices';
        return;
      }
      if (draft.stage === 'choices' && /^\s{2,}\S/.test(raw)) {
        const last = draft.choices[draft.choices.length - 1]!;
        last.text += ` ${raw.trim()}`;
        return;
      }
      return fail(line, `after the choices of "${draft.id}" only "Explanation:" may follow`);
    case 'explanation':
      draft.explanation!.push(raw);
      return;
  }
}

function finishDraft(draft: Draft, fail: (line: number, problem: string) => never): void {
  if (!draft.fields.has('objective')) fail(draft.line, `question "${draft.id}" has no "objective: N" line under its heading`);
  if (draft.prompt.every((line) => line.trim() === '')) fail(draft.line, `question "${draft.id}" has no prompt (the question text before its choices)`);
  if (draft.choices.length < 2) fail(draft.line, `question "${draft.id}" needs at least 2 choices ("- [ ] text"), it has ${draft.choices.length}`);
  if (draft.choices.length > MAX_CHOICES) fail(draft.choices[MAX_CHOICES]!.line, `question "${draft.id}" has more than ${MAX_CHOICES} choices`);
  if (draft.explanation === undefined || draft.explanation.every((line) => line.trim() === '')) {
    fail(draft.explanation === undefined ? draft.line : draft.explanationLine, `question "${draft.id}" has no explanation: add "Explanation:" and the text shown after answering`);
  }
}

function buildQuestion(draft: Draft, options: QuizParseOptions, fail: (line: number, problem: string) => never): QuizQuestion {
  const objectiveField = draft.fields.get('objective')!;
  const objective = Number(objectiveField.value);
  if (!/^\d+$/.test(objectiveField.value) || objective < 1 || objective > options.objectiveCount) {
    fail(objectiveField.line, `objective "${objectiveField.value}" must be a number from 1 to ${options.objectiveCount}`);
  }
  const kindField = draft.fields.get('kind');
  if (kindField !== undefined && kindField.value !== 'choice' && kindField.value !== 'predict') {
    fail(kindField.line, `kind "${kindField.value}" must be choice or predict`);
  }
  const courseField = draft.fields.get('course');
  if (courseField !== undefined && !/^[1-5]$/.test(courseField.value)) fail(courseField.line, `course "${courseField.value}" must be a number from 1 to 5`);

  const computeField = draft.fields.get('compute');
  let values: Readonly<Record<string, string>> = {};
  let computedAnswer: string | undefined;
  let computation: QuizQuestion['computation'];
  if (computeField !== undefined) {
    try {
      const directive = parseDirective(computeField.value);
      if (typeof directive === 'string') throw new ArgumentProblem(directive);
      const compute = computations.get(directive.name);
      if (compute === undefined) throw new ArgumentProblem(`unknown computation "${directive.name}" (known: ${[...computations.keys()].join(', ')})`);
      const reader = new DirectiveArgs(directive);
      const result = compute(reader);
      reader.assertAllUsed();
      values = { ...Object.fromEntries(directive.args), ...result.values };
      computedAnswer = result.answer;
      computation = { name: directive.name, args: Object.fromEntries(directive.args) };
    } catch (error) {
      fail(computeField.line, `compute: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  const fill = (text: string, line: number): string => {
    try {
      return text.replace(/\{\{([\w-]+)\}\}/g, (_match, name: string) => {
        const value = values[name];
        if (value === undefined) throw new ArgumentProblem(`{{${name}}} names no computed value${computeField === undefined ? ' (this question has no "compute:" line)' : ''}`);
        return value;
      }).split('\n').map((part) => fillInlineValues(part)).join('\n');
    } catch (error) {
      return fail(line, error instanceof Error ? error.message : String(error));
    }
  };

  const choices: QuizChoice[] = draft.choices.map((choice, index) => ({ key: KEYS[index]!, text: fill(choice.text, choice.line) }));
  let answers: string[];
  if (computedAnswer === undefined) {
    const unknown = draft.choices.find((choice) => choice.mark === '?');
    if (unknown !== undefined) fail(unknown.line, '"[?]" is only for computed questions (with a "compute:" line); mark right choices with [x]');
    answers = draft.choices.flatMap((choice, index) => (choice.mark === 'x' ? [KEYS[index]!] : []));
    if (answers.length === 0) fail(draft.line, `question "${draft.id}" marks no right answer: put [x] in front of the right choice(s)`);
  } else {
    const marked = draft.choices.find((choice) => choice.mark !== '?');
    if (marked !== undefined) fail(marked.line, 'in a computed question every choice is "- [?] text": the loader marks the computed answer');
    answers = choices.flatMap((choice) => (choice.text === computedAnswer ? [choice.key] : []));
    if (answers.length !== 1) {
      fail(computeField!.line, `the computed answer "${computedAnswer}" matches ${answers.length} choices; exactly one choice must read "${computedAnswer}"`);
    }
  }

  return {
    id: draft.id,
    objective,
    prompt: fill(trimBlank(draft.prompt), draft.line),
    choices,
    answers,
    explanation: fill(trimBlank(draft.explanation!), draft.explanationLine),
    computed: computedAnswer !== undefined,
    kind: kindField?.value === 'predict' ? 'predict' : 'choice',
    ...(computation !== undefined && { computation }),
    ...(courseField !== undefined && { courseQuestion: Number(courseField.value) }),
  };
}

function trimBlank(lines: readonly string[]): string {
  return lines.join('\n').replace(/^\s*\n/, '').trim();
}
