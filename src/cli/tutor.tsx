/**
 * startTutor: the interactive tutor on a terminal, or the plain report without one. `src/cli/lab.ts`
 * calls it for `npm run lab 02` when stdout is a TTY and neither --plain nor --check was given; with
 * `plain` (or no TTY) it prints the report and returns at once, never waiting for keys.
 *
 * On a terminal the tutor draws in the alternate screen (like less or vim) and leaves it on exit,
 * so `q`, Ctrl-C or a crash give the learner back their terminal as it was.
 */
import { render } from 'ink';
import { TutorApp } from '../tutor/app/tutor-app.js';
import { plainReport } from '../tutor/plain/plain-report.js';
import type { TutorServices } from '../tutor/services/tutor-services.js';
import { colorWanted } from '../tutor/theme/theme.js';

export interface StartTutorOptions {
  readonly root: string;
  readonly labId: string;
  /** Linear, screen-reader-friendly output even on a terminal. */
  readonly plain?: boolean;
  readonly stdout?: NodeJS.WriteStream;
  readonly stdin?: NodeJS.ReadStream;
  /** Injected in tests; the real modules otherwise. */
  readonly services?: TutorServices;
  readonly env?: NodeJS.ProcessEnv;
}

const ENTER_ALTERNATE_SCREEN = '\u001b[?1049h';
const LEAVE_ALTERNATE_SCREEN = '\u001b[?1049l';
const SHOW_CURSOR = '\u001b[?25h';

async function resolveServices(options: StartTutorOptions): Promise<TutorServices> {
  if (options.services !== undefined) return options.services;
  const { createRealServices } = await import('../tutor/services/real-services.js');
  return createRealServices(options.root, options.labId);
}

/** Resolves with the exit code once the learner leaves (or at once in plain mode). */
export async function startTutor(options: StartTutorOptions): Promise<number> {
  const stdout = options.stdout ?? process.stdout;
  const stdin = options.stdin ?? process.stdin;
  const services = await resolveServices(options);
  if (options.plain === true || !stdout.isTTY || !stdin.isTTY) {
    stdout.write(plainReport(services));
    return 0;
  }
  const color = colorWanted(options.env ?? process.env);
  stdout.write(ENTER_ALTERNATE_SCREEN);
  const restore = () => stdout.write(`${SHOW_CURSOR}${LEAVE_ALTERNATE_SCREEN}`);
  const onSignal = () => {
    instance.unmount();
  };
  const instance = render(<TutorApp services={services} color={color} />, { stdout, stdin, exitOnCtrlC: false, patchConsole: false });
  process.once('SIGTERM', onSignal);
  process.once('SIGHUP', onSignal);
  try {
    await instance.waitUntilExit();
    return 0;
  } catch (error) {
    stdout.write(`${LEAVE_ALTERNATE_SCREEN}The tutor stopped: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  } finally {
    process.off('SIGTERM', onSignal);
    process.off('SIGHUP', onSignal);
    restore();
  }
}
