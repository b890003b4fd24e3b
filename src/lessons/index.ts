/**
 * Loading a lab's lesson and knowledge check: `loadLesson(root, '02')` reads
 * lessons/02-architecture/lesson.md, `loadQuiz(root, '02')` its quiz.md. Computed answers and
 * generated diagrams are filled in from the reference Kafka (src/kafka, src/sim) as they load.
 * A missing or malformed file throws LessonFileError naming the file and the line.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { LessonFileError } from './lesson-file-error.js';
import type { Lesson, QuizQuestion } from './lesson-types.js';
import { parseLesson, readObjectiveCount } from './parse-lesson.js';
import { parseQuiz } from './parse-quiz.js';

export { LessonFileError } from './lesson-file-error.js';
export type { Lesson, LessonSection, PlaygroundId, QuizChoice, QuizQuestion } from './lesson-types.js';

export function loadLesson(root: string, labId: string): Lesson {
  const { display, text } = readLessonFile(root, labId, 'lesson.md');
  return parseLesson(text, display, normalizeLabId(labId));
}

export function loadQuiz(root: string, labId: string): QuizQuestion[] {
  const lesson = readLessonFile(root, labId, 'lesson.md');
  const quiz = readLessonFile(root, labId, 'quiz.md');
  const objectiveCount = readObjectiveCount(lesson.text, lesson.display);
  return parseQuiz(quiz.text, quiz.display, { objectiveCount });
}

/** "2", "02" → "02". */
function normalizeLabId(labId: string): string {
  return /^\d{1,2}$/.test(labId) ? labId.padStart(2, '0') : labId;
}

/** The lesson folder of a lab: lessons/<id>-<name>. */
export function lessonFolder(root: string, labId: string): string {
  const id = normalizeLabId(labId);
  const lessonsDir = join(root, 'lessons');
  let entries: string[];
  try {
    entries = readdirSync(lessonsDir);
  } catch {
    throw new LessonFileError(relative(root, lessonsDir) || 'lessons', 1, `there is no lessons folder under ${root}`);
  }
  const folder = entries.find((entry) => entry.startsWith(`${id}-`));
  if (folder === undefined || !/^\d{2}$/.test(id)) {
    throw new LessonFileError(`lessons/${id}-*`, 1, `no lesson folder for lab "${labId}" (found: ${entries.join(', ') || 'none'})`);
  }
  return join(lessonsDir, folder);
}

function readLessonFile(root: string, labId: string, name: string): { display: string; text: string } {
  const path = join(lessonFolder(root, labId), name);
  const display = relative(root, path);
  try {
    return { display, text: readFileSync(path, 'utf8') };
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'file not found' : `cannot be read (${(error as Error).message})`;
    throw new LessonFileError(display, 1, reason);
  }
}
