/**
 * Renders the tutor (or one playground) with ink-testing-library at a given terminal size
 * (80x24 unless told), with the in-memory services, and helpers to press keys and read frames.
 */
import { render } from 'ink-testing-library';
import type { ReactElement } from 'react';
import type { Route } from '../../../src/tutor/app/navigation.js';
import { TutorApp } from '../../../src/tutor/app/tutor-app.js';
import type { TutorServices } from '../../../src/tutor/services/tutor-services.js';
import { createFakeServices } from './fake-services.js';

export const keys = {
  escape: '\u001b',
  enter: '\r',
  up: '\u001b[A',
  down: '\u001b[B',
  right: '\u001b[C',
  left: '\u001b[D',
  home: '\u001b[H',
  end: '\u001b[F',
  backspace: '\u007f',
  ctrlC: '\u0003',
} as const;

export interface RenderedTutor {
  frame(): string;
  press(...inputs: string[]): Promise<void>;
  /** Writes the inputs one after another with no pause (separate key events before any redraw). */
  pressAtOnce(...inputs: string[]): Promise<void>;
  resize(columns: number, rows: number): Promise<void>;
  /** Waits until `text` is on screen (polling; work such as a run may take a moment). */
  waitFor(text: string, timeoutMs?: number): Promise<string>;
  readonly quits: number;
  unmount(): void;
}

export const settle = (ms = 30) => new Promise((resolve) => setTimeout(resolve, ms));

export function renderAt(element: ReactElement, size: { columns: number; rows: number } = { columns: 80, rows: 24 }) {
  const instance = render(element);
  const stdout = instance.stdout as unknown as NodeJS.EventEmitter & { columns: number; rows: number };
  const setSize = (columns: number, rows: number) => {
    Object.defineProperty(stdout, 'columns', { value: columns, configurable: true });
    Object.defineProperty(stdout, 'rows', { value: rows, configurable: true });
    stdout.emit('resize');
  };
  setSize(size.columns, size.rows);
  // Frames written so far were drawn at ink-testing-library's 100 columns; the next is at our size.
  const framesBeforeSize = instance.stdout.frames.length;
  const sized = async () => {
    const deadline = Date.now() + 2_000;
    while (instance.stdout.frames.length <= framesBeforeSize && Date.now() < deadline) await settle(5);
  };
  return { instance, setSize, sized };
}

export function renderTutor(
  options: { services?: TutorServices; route?: Route; columns?: number; rows?: number; color?: boolean } = {},
): RenderedTutor {
  let quits = 0;
  const services = options.services ?? createFakeServices();
  const { instance, setSize, sized } = renderAt(
    <TutorApp services={services} color={options.color ?? false} initialRoute={options.route} onQuit={() => (quits += 1)} />,
    { columns: options.columns ?? 80, rows: options.rows ?? 24 },
  );
  const frame = () => instance.lastFrame() ?? '';
  return {
    frame,
    press: async (...inputs) => {
      await sized();
      for (const input of inputs) {
        await settle(5);
        instance.stdin.write(input);
        // A lone Esc is told from an Alt+key only by the pause after it: give it a long one.
        await settle(input === keys.escape ? 120 : 25);
      }
    },
    pressAtOnce: async (...inputs) => {
      await sized();
      for (const input of inputs) instance.stdin.write(input);
      await settle(50);
    },
    resize: async (columns, rows) => {
      const before = instance.stdout.frames.length;
      setSize(columns, rows);
      const deadline = Date.now() + 2_000;
      while (instance.stdout.frames.length <= before && Date.now() < deadline) await settle(5);
      await settle(50); // Ink redraws on resize first with the old layout, then ours follows
    },
    waitFor: async (text, timeoutMs = 2_000) => {
      const deadline = Date.now() + timeoutMs;
      await sized();
      while (!frame().includes(text)) {
        if (Date.now() > deadline) throw new Error(`"${text}" never appeared; the screen shows:\n${frame()}`);
        await settle(10);
      }
      return frame();
    },
    get quits() {
      return quits;
    },
    unmount: () => instance.unmount(),
  };
}

/** Every line of a frame fits the width, and there are no more lines than the height. */
export function fits(frame: string, columns: number, rows: number): boolean {
  const lines = frame.split('\n');
  return lines.length <= rows && lines.every((line) => [...line].length <= columns);
}
