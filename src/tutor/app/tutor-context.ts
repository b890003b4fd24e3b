/**
 * What every screen can reach: the services, navigation, whether the help overlay is open (then
 * screens ignore keys), and two switches a screen flips while it needs keys for itself: typing text
 * (so `q` and `?` are letters) and capturing Esc (to close its own dialog rather than leave).
 */
import { createContext, useContext } from 'react';
import type { TutorServices } from '../services/tutor-services.js';
import type { KeyHint } from '../components/key-hint.js';
import type { Lesson, QuizQuestion } from '../../lessons/lesson-types.js';
import type { Loaded } from './loaded.js';
import type { ExerciseInfo } from '../services/tutor-services.js';
import type { Navigation } from './navigation.js';
import type { LabProgressState } from './use-lab-progress.js';

export interface InputMode {
  textEntry: boolean;
  escapeCaptured: boolean;
}

export interface TutorContextValue {
  readonly services: TutorServices;
  readonly nav: Navigation;
  readonly lesson: Loaded<Lesson>;
  readonly quiz: Loaded<readonly QuizQuestion[]>;
  readonly exercises: Loaded<readonly ExerciseInfo[]>;
  readonly progress: LabProgressState;
  readonly color: boolean;
  readonly helpOpen: boolean;
  readonly inputMode: InputMode;
  /** The current screen's keys, for the help overlay. */
  readonly publishKeys: (keys: readonly KeyHint[]) => void;
}

export const TutorContext = createContext<TutorContextValue | undefined>(undefined);

export function useTutor(): TutorContextValue {
  const value = useContext(TutorContext);
  if (value === undefined) throw new Error('useTutor() outside <TutorApp>');
  return value;
}
