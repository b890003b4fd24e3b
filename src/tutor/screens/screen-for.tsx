/** The screen for a route. */
import type { Route } from '../app/navigation.js';
import { ExercisesScreen } from './exercises-screen.js';
import { HomeScreen } from './home-screen.js';
import { LessonScreen } from './lesson-screen.js';
import { PlaygroundScreen } from './playground-screen.js';
import { PlaygroundsScreen } from './playgrounds-screen.js';
import { QuizScreen } from './quiz-screen.js';

export function ScreenFor({ route }: { readonly route: Route }) {
  switch (route.screen) {
    case 'home':
      return <HomeScreen />;
    case 'lesson':
      return <LessonScreen initialSection={route.sectionIndex ?? 0} initialScroll={route.scroll ?? 0} />;
    case 'playgrounds':
      return <PlaygroundsScreen />;
    case 'playground':
      return <PlaygroundScreen key={route.id} id={route.id} />;
    case 'exercises':
      return <ExercisesScreen initialExercise={route.exerciseId} />;
    case 'quiz':
      return <QuizScreen />;
  }
}
