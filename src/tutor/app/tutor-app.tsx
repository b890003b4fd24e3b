/**
 * The tutor: a stack of screens, the keys every screen shares (`?` help, Esc back, `q` and Ctrl-C
 * quit), the theme and the lab's progress. Screens keep their own keys (see useScreenInput).
 */
import { Box, useApp, useInput } from 'ink';
import { useCallback, useMemo, useRef, useState } from 'react';
import type { KeyHint } from '../components/key-hint.js';
import { ScreenErrorBoundary } from '../components/screen-error-boundary.js';
import { HelpOverlay } from '../screens/help-overlay.js';
import { ScreenFor } from '../screens/screen-for.js';
import type { TutorServices } from '../services/tutor-services.js';
import { ThemeContext } from '../theme/theme-context.js';
import { createTheme } from '../theme/theme.js';
import { loadExercises, loadLesson, loadQuiz } from './loaded.js';
import type { Navigation, Route } from './navigation.js';
import { TutorContext, type InputMode, type TutorContextValue } from './tutor-context.js';
import { useLabProgress } from './use-lab-progress.js';

export interface TutorAppProps {
  readonly services: TutorServices;
  readonly color: boolean;
  readonly initialRoute?: Route;
  /** Called once when the learner leaves (q or Ctrl-C), before the app unmounts. */
  readonly onQuit?: () => void;
}

export function TutorApp({ services, color, initialRoute, onQuit }: TutorAppProps) {
  const { exit } = useApp();
  const [stack, setStack] = useState<readonly Route[]>([initialRoute ?? { screen: 'home' }]);
  const [helpOpen, setHelpOpen] = useState(false);
  const inputMode = useRef<InputMode>({ textEntry: false, escapeCaptured: false }).current;
  const keysRef = useRef<readonly KeyHint[]>([]);
  const progress = useLabProgress(services);
  const lesson = useMemo(() => loadLesson(services), [services]);
  const quiz = useMemo(() => loadQuiz(services), [services]);
  const exercises = useMemo(() => loadExercises(services), [services]);
  const theme = useMemo(() => createTheme(color), [color]);

  const quit = useCallback(() => {
    onQuit?.();
    exit();
  }, [exit, onQuit]);

  const nav: Navigation = useMemo(
    () => ({
      route: stack[stack.length - 1]!,
      canGoBack: stack.length > 1,
      go: (route) => setStack((current) => [...current, route]),
      replace: (route) => setStack((current) => [...current.slice(0, -1), route]),
      back: () => setStack((current) => (current.length > 1 ? current.slice(0, -1) : current)),
      quit,
    }),
    [stack, quit],
  );
  const publishKeys = useCallback((keys: readonly KeyHint[]) => {
    keysRef.current = keys;
  }, []);

  useInput((input, key) => {
    if (key.ctrl && input === 'c') return quit();
    if (helpOpen) {
      if (input === '?' || input === 'q' || key.escape) setHelpOpen(false);
      return;
    }
    if (inputMode.textEntry) return;
    if (input === '?') return setHelpOpen(true);
    if (input === 'q') return quit();
    if (key.escape && !inputMode.escapeCaptured) nav.back();
  });

  const context: TutorContextValue = { services, nav, helpOpen, inputMode, publishKeys, lesson, quiz, exercises, progress, color };
  return (
    <ThemeContext.Provider value={theme}>
      <TutorContext.Provider value={context}>
        {helpOpen && <HelpOverlay keys={keysRef.current} route={nav.route} />}
        <Box display={helpOpen ? 'none' : 'flex'} flexDirection="column">
          <ScreenErrorBoundary key={stack.length}>
            <ScreenFor route={nav.route} />
          </ScreenErrorBoundary>
        </Box>
      </TutorContext.Provider>
    </ThemeContext.Provider>
  );
}
