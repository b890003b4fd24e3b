/**
 * The tutor without a terminal (a pipe, CI) or with --plain: the same facts as the home and
 * exercises screens, as linear text a screen reader reads top to bottom. It prints and returns;
 * it never waits for a key.
 */
import { loadExercises, loadLesson, loadQuiz } from '../app/loaded.js';
import { exerciseProgressOf, labProgressOf } from '../services/lab-progress.js';
import { describeNextStep, nextStep, objectiveProgress } from '../services/objective-progress.js';
import { statusGlyph } from '../services/report-lines.js';
import type { TutorServices } from '../services/tutor-services.js';
import { PLAYGROUND_ORDER } from '../playgrounds/playground-catalog.js';

const STATUS_WORDS = { 'not-started': 'not started', failing: 'failing', passed: 'passed' } as const;

export function plainReport(services: TutorServices): string {
  const lines: string[] = [`Lab ${services.labId}: ${services.labTitle}`, ''];
  const { progress, warning } = services.readProgress();
  const lab = labProgressOf(progress, services.labId);
  if (warning !== undefined) lines.push(`Warning: ${warning}`, '');
  const lesson = loadLesson(services);
  const quiz = loadQuiz(services);
  const exerciseList = loadExercises(services);
  const exercises = exerciseList.ok ? exerciseList.value : [];

  lines.push('Learning objectives:');
  if (lesson.ok) {
    for (const objective of objectiveProgress(lesson.value, quiz.ok ? quiz.value : [], lab)) {
      lines.push(`  ${objective.objective}. ${objective.text} (${objective.done} of ${objective.total} done)`);
    }
  } else lines.push(`  The lesson could not be read: ${lesson.message}`);
  if (lesson.ok) lines.push(`Lesson sections read: ${lab.sectionsRead.filter((id) => lesson.value.sections.some((section) => section.id === id)).length} of ${lesson.value.sections.length}`);
  lines.push('');

  lines.push('Exercises:');
  if (!exerciseList.ok) lines.push(`  The exercises could not be listed: ${exerciseList.message}`);
  for (const exercise of exercises) {
    const entry = exerciseProgressOf(lab, exercise.id);
    lines.push(`  ${statusGlyph(entry.status)} ${exercise.id}  ${STATUS_WORDS[entry.status]}  ${exercise.title}`);
  }
  const passed = exercises.filter((exercise) => exerciseProgressOf(lab, exercise.id).status === 'passed').length;
  lines.push(`  ${passed} of ${exercises.length} passed`, '');

  if (quiz.ok) {
    const answered = quiz.value.filter((question) => lab.quiz.answers[question.id] !== undefined).length;
    const best = lab.quiz.best === undefined ? '' : `, best score ${lab.quiz.best} of ${quiz.value.length}`;
    lines.push(`Knowledge check: ${answered} of ${quiz.value.length} answered${best}`);
  } else lines.push(`Knowledge check: could not be read: ${quiz.message}`);
  lines.push(`Playgrounds: ${PLAYGROUND_ORDER.filter((id) => services.playgrounds[id].Component !== undefined).join(', ')} (open the tutor in a terminal to play)`, '');

  lines.push(`Next: ${describeNextStep(nextStep(lesson.ok ? lesson.value : undefined, quiz.ok ? quiz.value : undefined, exercises, lab))}`);
  lines.push('Open the interactive tutor in a terminal: npm run lab 02. Run the exercises here: npm run lab 02 -- --check');
  return `${lines.join('\n')}\n`;
}
