/**
 * Parses a lesson file (format: lessons/02-architecture/README.md):
 *
 *     # Title
 *     ## Learning objectives
 *     1. first objective ...
 *     ## A section
 *     <!-- section objective=2 playground=partitioning exercise=01-partitioner -->
 *     Markdown, with {{inline values}} and ```generated diagrams```
 *
 * Line by line, so every problem names its line. Generated content is filled in here, from the
 * reference Kafka, and each linked section gets a "Try it" line.
 */
import { ArgumentProblem, parseDirective } from './directive-args.js';
import { fillInlineValues, generateDiagram } from './fill-generated.js';
import { LessonFileError } from './lesson-file-error.js';
import { EXERCISE_IDS, isPlaygroundId, PLAYGROUND_IDS, tryItLine } from './lesson-links.js';
import type { Lesson, LessonSection, PlaygroundId } from './lesson-types.js';
import { closesFence, heading, htmlComment, openingFence, slug } from './markdown-lines.js';

const OBJECTIVES_HEADING = 'learning objectives';

/** A body line, or a diagram drawn later (with the line of its block, for error messages). */
type BodyPart = string | { readonly line: number; readonly draw: () => string[] };

interface SectionDraft {
  readonly title: string;
  readonly line: number;
  objective?: number;
  playground?: PlaygroundId;
  exercise?: string;
  readonly body: BodyPart[];
}

export function parseLesson(text: string, file: string, labId: string): Lesson {
  const lines = text.split(/\r?\n/);
  const fail = (line: number, problem: string): never => {
    throw new LessonFileError(file, line, problem);
  };

  let title: string | undefined;
  let objectivesLine: number | undefined;
  const objectives: string[] = [];
  const drafts: SectionDraft[] = [];
  let current: SectionDraft | 'objectives' | undefined;
  let fence: { fence: string; info: string; line: number; body: string[] } | undefined;

  lines.forEach((raw, index) => {
    const lineNumber = index + 1;
    if (fence !== undefined) {
      if (closesFence(raw, fence.fence)) {
        const output = finishFence(fence, fail);
        if (current !== undefined && current !== 'objectives') current.body.push(...output);
        fence = undefined;
      } else {
        fence.body.push(raw);
      }
      return;
    }
    const opened = openingFence(raw);
    if (opened !== undefined) {
      if (current === undefined || current === 'objectives') fail(lineNumber, 'a code block must be inside a section (after a "## " heading)');
      fence = { ...opened, line: lineNumber, body: [] };
      return;
    }
    const head = heading(raw);
    if (head !== undefined && head.level === 1) {
      if (title !== undefined) fail(lineNumber, 'a lesson has one "# Title" line; use "## " for sections');
      title = head.text;
      return;
    }
    if (head !== undefined && head.level === 2) {
      if (title === undefined) fail(lineNumber, 'the lesson must start with a "# Title" line before its sections');
      if (head.text.toLowerCase() === OBJECTIVES_HEADING) {
        if (objectivesLine !== undefined) fail(lineNumber, 'a second "## Learning objectives" section');
        objectivesLine = lineNumber;
        current = 'objectives';
      } else {
        current = { title: head.text, line: lineNumber, body: [] };
        drafts.push(current);
      }
      return;
    }
    if (current === 'objectives') {
      const item = /^\s*(\d+)\.\s+(.*)$/.exec(raw);
      if (item !== null) {
        if (Number(item[1]) !== objectives.length + 1) fail(lineNumber, `objective ${item[1]} is out of order: expected ${objectives.length + 1}`);
        objectives.push(item[2]!.trim());
      } else if (raw.trim() !== '' && objectives.length > 0 && /^\s+/.test(raw)) {
        objectives[objectives.length - 1] += ` ${raw.trim()}`;
      } else if (raw.trim() !== '') {
        fail(lineNumber, 'the learning objectives must be a numbered list ("1. ...")');
      }
      return;
    }
    // Text between the title and the first section is an introduction that belongs to no section.
    if (current === undefined) return;
    const comment = htmlComment(raw);
    if (comment !== undefined && comment.startsWith('section')) {
      if (current.objective !== undefined) fail(lineNumber, `section "${current.title}" has a second section comment`);
      readSectionComment(current, comment, lineNumber, fail);
      return;
    }
    if (current.objective === undefined && raw.trim() !== '') {
      fail(lineNumber, `section "${current.title}" (line ${current.line}) needs "<!-- section objective=N -->" right under its heading`);
    }
    try {
      current.body.push(fillInlineValues(raw));
    } catch (error) {
      fail(lineNumber, messageOf(error));
    }
  });

  if (fence !== undefined) fail(fence.line, `this code block is never closed (expected a closing ${fence.fence})`);
  if (title === undefined) fail(1, 'the lesson has no "# Title" line');
  if (objectivesLine === undefined) fail(lines.length, 'the lesson has no "## Learning objectives" section');
  if (objectives.length === 0) fail(objectivesLine!, 'the learning objectives list is empty');

  const sections = drafts.map((draft) => finishSection(draft, objectives.length, file, fail));
  const seen = new Map<string, number>();
  for (const [index, section] of sections.entries()) {
    const previous = seen.get(section.id);
    if (previous !== undefined) fail(drafts[index]!.line, `two sections have the id "${section.id}" (the other is on line ${previous})`);
    seen.set(section.id, drafts[index]!.line);
  }
  objectives.forEach((_, index) => {
    if (!sections.some((section) => section.objective === index + 1)) {
      fail(objectivesLine!, `objective ${index + 1} has no section: add "<!-- section objective=${index + 1} -->" under a heading`);
    }
  });
  return { labId, title: title!, objectives, sections };
}

function readSectionComment(draft: SectionDraft, comment: string, line: number, fail: (line: number, problem: string) => never): void {
  const directive = parseDirective(comment);
  if (typeof directive === 'string') fail(line, `section comment: ${directive}`);
  const args = (directive as Exclude<typeof directive, string>).args;
  for (const key of args.keys()) {
    if (key !== 'objective' && key !== 'playground' && key !== 'exercise') fail(line, `section comment: unknown key "${key}" (use objective, playground, exercise)`);
  }
  const objective = args.get('objective');
  if (objective === undefined) fail(line, 'section comment: objective=N is missing');
  if (!/^[1-9]\d?$/.test(objective!)) fail(line, `section comment: objective=${objective} is not a number from 1`);
  draft.objective = Number(objective);
  const playground = args.get('playground');
  if (playground !== undefined) {
    if (!isPlaygroundId(playground)) fail(line, `section comment: unknown playground "${playground}" (known: ${PLAYGROUND_IDS.join(', ')})`);
    draft.playground = playground as PlaygroundId;
  }
  const exercise = args.get('exercise');
  if (exercise !== undefined) {
    if (!EXERCISE_IDS.includes(exercise)) fail(line, `section comment: unknown exercise "${exercise}" (known: ${EXERCISE_IDS.join(', ')})`);
    draft.exercise = exercise;
  }
}

function finishFence(
  fence: { fence: string; info: string; line: number; body: string[] },
  fail: (line: number, problem: string) => never,
): BodyPart[] {
  if (!fence.info.startsWith('generated')) return [`${fence.fence}${fence.info}`, ...fence.body, fence.fence];
  if (fence.body.some((line) => line.trim() !== '')) fail(fence.line, 'a generated block takes its arguments on the opening line and must be empty');
  try {
    const prepared = generateDiagram(fence.info.slice('generated'.length));
    const block = (): string[] => ['```text', ...prepared.draw(), '```'];
    return prepared.deferred ? [{ line: fence.line, draw: block }] : block();
  } catch (error) {
    return fail(fence.line, messageOf(error));
  }
}

function finishSection(
  draft: SectionDraft,
  objectiveCount: number,
  file: string,
  fail: (line: number, problem: string) => never,
): LessonSection {
  if (draft.objective === undefined) fail(draft.line, `section "${draft.title}" needs "<!-- section objective=N -->" right under its heading`);
  if (draft.objective! > objectiveCount) fail(draft.line, `section "${draft.title}" names objective ${draft.objective}, but the lesson has ${objectiveCount}`);
  const body = trimBlankLines(draft.body);
  const tryIt = tryItLine(draft.playground, draft.exercise);
  if (tryIt !== undefined) body.push('', tryIt);
  const section = {
    id: slug(draft.title),
    title: draft.title,
    objective: draft.objective!,
    markdown: '',
    ...(draft.playground !== undefined && { playground: draft.playground }),
    ...(draft.exercise !== undefined && { exercise: draft.exercise }),
  };
  if (body.every((part) => typeof part === 'string')) return { ...section, markdown: body.join('\n') };
  // A simulator-drawn diagram: the section's Markdown is put together the first time it is read.
  let markdown: string | undefined;
  return Object.defineProperty(section, 'markdown', {
    enumerable: true,
    get: () => {
      markdown ??= body.flatMap((part) => (typeof part === 'string' ? [part] : drawPart(part, file))).join('\n');
      return markdown;
    },
  });
}

function drawPart(part: Exclude<BodyPart, string>, file: string): string[] {
  try {
    return part.draw();
  } catch (error) {
    throw new LessonFileError(file, part.line, `the generated diagram failed: ${messageOf(error)}`);
  }
}

function trimBlankLines(parts: readonly BodyPart[]): BodyPart[] {
  const blank = (part: BodyPart | undefined): boolean => typeof part === 'string' && part.trim() === '';
  let start = 0;
  let end = parts.length;
  while (start < end && blank(parts[start])) start++;
  while (end > start && blank(parts[end - 1])) end--;
  return parts.slice(start, end);
}

function messageOf(error: unknown): string {
  if (error instanceof ArgumentProblem) return error.message;
  return error instanceof Error ? error.message : String(error);
}

/**
 * How many learning objectives a lesson lists, without generating anything (the quiz loader checks
 * each question's objective against it).
 */
export function readObjectiveCount(text: string, file: string): number {
  const lines = text.split(/\r?\n/);
  const start = lines.findIndex((line) => heading(line)?.level === 2 && heading(line)!.text.toLowerCase() === OBJECTIVES_HEADING);
  if (start < 0) throw new LessonFileError(file, lines.length, 'the lesson has no "## Learning objectives" section');
  let count = 0;
  for (const line of lines.slice(start + 1)) {
    if (heading(line) !== undefined) break;
    if (/^\s*\d+\.\s+/.test(line)) count++;
  }
  if (count === 0) throw new LessonFileError(file, start + 1, 'the learning objectives list is empty');
  return count;
}
