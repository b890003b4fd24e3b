/** Home: the lab, the five objectives with progress, what to do next, and where each key goes. */
import { Box, Text } from 'ink';
import type { Route } from '../app/navigation.js';
import { useTutor } from '../app/tutor-context.js';
import { Frame, useBodySize } from '../components/frame.js';
import type { KeyHint } from '../components/key-hint.js';
import { Toned } from '../components/toned.js';
import { useScreenInput } from '../hooks/use-screen-input.js';
import { describeNextStep, nextStep, objectiveProgress, progressBar, type NextStep } from '../services/objective-progress.js';
import { glyphs } from '../theme/theme.js';

/** Rows of the home body besides the objectives: title, blanks, headings, legend, next step, shortcuts. */
const HOME_FIXED_ROWS = 10;
const BAR_COLUMNS = 15;

/** Objective texts are Markdown; the home screen shows them as plain words. */
const plainText = (markdown: string): string => markdown.replaceAll('`', '');

const HOME_KEYS: readonly KeyHint[] = [
  { keys: 'n', action: 'do next' },
  { keys: 'l', action: 'lesson' },
  { keys: 'p', action: 'playgrounds' },
  { keys: 'e', action: 'exercises' },
  { keys: 'k', action: 'knowledge check' },
];

function routeFor(step: NextStep): Route {
  switch (step.kind) {
    case 'read':
      return { screen: 'lesson', sectionIndex: step.sectionIndex };
    case 'exercise':
      return { screen: 'exercises', exerciseId: step.exerciseId };
    case 'quiz':
    case 'quiz-again':
      return { screen: 'quiz' };
    case 'done':
      return { screen: 'playgrounds' };
  }
}

export function HomeScreen() {
  const { services, nav, lesson, quiz, progress, exercises: exerciseList } = useTutor();
  const exercises = exerciseList.ok ? exerciseList.value : [];
  const lessonValue = lesson.ok ? lesson.value : undefined;
  const quizValue = quiz.ok ? quiz.value : undefined;
  const step = nextStep(lessonValue, quizValue, exercises, progress.lab);
  const objectives = lessonValue === undefined ? [] : objectiveProgress(lessonValue, quizValue ?? [], progress.lab);
  const { columns, rows } = useBodySize();
  // Whole objective texts when the terminal has the rows for them; one line each otherwise.
  const textColumns = Math.max(10, columns - BAR_COLUMNS);
  const wrappedRows = objectives.reduce((sum, objective) => sum + Math.ceil((plainText(objective.text).length + 4) / textColumns), 0);
  const wrapObjectives = wrappedRows + HOME_FIXED_ROWS <= rows;

  useScreenInput((input) => {
    if (input === 'n') nav.go(routeFor(step));
    else if (input === 'l' && lesson.ok) nav.go({ screen: 'lesson' });
    else if (input === 'p') nav.go({ screen: 'playgrounds' });
    else if (input === 'e') nav.go({ screen: 'exercises' });
    else if (input === 'k' && quiz.ok) nav.go({ screen: 'quiz' });
  });

  const passed = exercises.filter((exercise) => progress.lab.exercises[exercise.id]?.status === 'passed').length;
  return (
    <Frame title="Home" status={`exercises ${passed}/${exercises.length}`} keys={HOME_KEYS}>
      <Toned tone="heading" bold wrap="wrap">
        {services.labTitle}
      </Toned>
      <Text> </Text>
      <Toned tone="accent">Learning objectives</Toned>
      <Toned tone="muted" wrap="truncate-end">
        each counts sections read, exercises passed, questions answered right
      </Toned>
      {objectives.map((objective) => {
        const complete = objective.done === objective.total && objective.total > 0;
        return (
          <Box key={objective.objective} flexDirection="row">
            <Box width={BAR_COLUMNS} flexShrink={0}>
              <Toned tone={complete ? 'passed' : objective.done > 0 ? 'pending' : 'muted'}>
                {`${complete ? glyphs.passed : objective.done > 0 ? glyphs.started : glyphs.notStarted} ${progressBar(objective.done, objective.total, 5)}`}
              </Toned>
            </Box>
            <Text wrap={wrapObjectives ? 'wrap' : 'truncate-end'}>{`${objective.objective}. ${plainText(objective.text)}`}</Text>
          </Box>
        );
      })}
      {!lesson.ok && <Toned tone="failed" wrap="wrap">{`${glyphs.failed} The lesson could not be read: ${lesson.message}`}</Toned>}
      {!quiz.ok && <Toned tone="failed" wrap="wrap">{`${glyphs.failed} The knowledge check could not be read: ${quiz.message}`}</Toned>}
      {!exerciseList.ok && <Toned tone="failed" wrap="wrap">{`${glyphs.failed} The exercises could not be listed: ${exerciseList.message}`}</Toned>}
      {progress.warning !== undefined && <Toned tone="warning" wrap="wrap">{`! ${progress.warning}`}</Toned>}
      <Text> </Text>
      <Toned tone="accent">Next</Toned>
      <Text wrap="wrap">
        {glyphs.pointer} {describeNextStep(step)}
      </Text>
      <Text> </Text>
      <Box flexDirection="column">
        <Toned tone="muted">l lesson · p playgrounds (live simulations) · e exercises · k knowledge check</Toned>
      </Box>
    </Frame>
  );
}
