/** Home: the lab, the five objectives with progress, what to do next, and where each key goes. */
import { Box, Text } from 'ink';
import type { Route } from '../app/navigation.js';
import { useTutor } from '../app/tutor-context.js';
import { Frame } from '../components/frame.js';
import type { KeyHint } from '../components/key-hint.js';
import { Toned } from '../components/toned.js';
import { useScreenInput } from '../hooks/use-screen-input.js';
import { describeNextStep, nextStep, objectiveProgress, progressBar, type NextStep } from '../services/objective-progress.js';
import { glyphs } from '../theme/theme.js';

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
      {objectives.map((objective) => (
        <Text key={objective.objective} wrap="truncate-end">
          <Toned tone={objective.done === objective.total && objective.total > 0 ? 'passed' : 'muted'}>
            {objective.done === objective.total && objective.total > 0 ? glyphs.passed : glyphs.notStarted}{' '}
            {progressBar(objective.done, objective.total, 5)}
          </Toned>{' '}
          {objective.objective}. {objective.text}
        </Text>
      ))}
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
