/**
 * Progress per learning objective, and what to do next: the home screen and the plain report both
 * show these. An objective's items are the lesson sections tied to it, the exercises those sections
 * link to, and the quiz questions that test it.
 */
import type { Lesson, QuizQuestion } from '../../lessons/lesson-types.js';
import { exerciseProgressOf } from './lab-progress.js';
import type { ExerciseInfo, LabProgress } from './tutor-services.js';

export interface ObjectiveProgress {
  readonly objective: number;
  readonly text: string;
  readonly done: number;
  readonly total: number;
}

export function objectiveProgress(lesson: Lesson, quiz: readonly QuizQuestion[], lab: LabProgress): ObjectiveProgress[] {
  return lesson.objectives.map((text, index) => {
    const objective = index + 1;
    const sections = lesson.sections.filter((section) => section.objective === objective);
    const exercises = [...new Set(sections.flatMap((section) => (section.exercise === undefined ? [] : [section.exercise])))];
    const questions = quiz.filter((question) => question.objective === objective);
    const done =
      sections.filter((section) => lab.sectionsRead.includes(section.id)).length +
      exercises.filter((id) => exerciseProgressOf(lab, id).status === 'passed').length +
      questions.filter((question) => lab.quiz.answers[question.id]?.correct === true).length;
    return { objective, text, done, total: sections.length + exercises.length + questions.length };
  });
}

export type NextStep =
  | { readonly kind: 'read'; readonly sectionIndex: number; readonly title: string }
  | { readonly kind: 'exercise'; readonly exerciseId: string; readonly title: string }
  | { readonly kind: 'quiz'; readonly unanswered: number }
  | { readonly kind: 'quiz-again'; readonly wrong: number }
  | { readonly kind: 'done' };

export function nextStep(
  lesson: Lesson | undefined,
  quiz: readonly QuizQuestion[] | undefined,
  exercises: readonly ExerciseInfo[],
  lab: LabProgress,
): NextStep {
  const unread = lesson?.sections.findIndex((section) => !lab.sectionsRead.includes(section.id)) ?? -1;
  if (lesson !== undefined && unread >= 0) return { kind: 'read', sectionIndex: unread, title: lesson.sections[unread]!.title };
  const unsolved = exercises.find((exercise) => exerciseProgressOf(lab, exercise.id).status !== 'passed');
  if (unsolved !== undefined) return { kind: 'exercise', exerciseId: unsolved.id, title: unsolved.title };
  const unanswered = (quiz ?? []).filter((question) => lab.quiz.answers[question.id] === undefined).length;
  if (unanswered > 0) return { kind: 'quiz', unanswered };
  const wrong = (quiz ?? []).filter((question) => lab.quiz.answers[question.id]?.correct === false).length;
  if (wrong > 0) return { kind: 'quiz-again', wrong };
  return { kind: 'done' };
}

export function describeNextStep(step: NextStep): string {
  switch (step.kind) {
    case 'read':
      return `Read "${step.title}" in the lesson`;
    case 'exercise':
      return `Solve exercise ${step.exerciseId}: ${step.title}`;
    case 'quiz':
      return `Take the knowledge check: ${step.unanswered} question${step.unanswered === 1 ? '' : 's'} left`;
    case 'quiz-again':
      return `Take the knowledge check again: ${step.wrong} answer${step.wrong === 1 ? ' was' : 's were'} wrong`;
    case 'done':
      return 'Everything is done. Replay a playground, or try the next lab.';
  }
}

/** "■■■□□ 3/5", the bar `width` cells wide. */
export function progressBar(done: number, total: number, width = 10): string {
  if (total === 0) return `${'·'.repeat(width)} 0/0`;
  const filled = Math.round((done / total) * width);
  return `${'■'.repeat(filled)}${'□'.repeat(width - filled)} ${done}/${total}`;
}
