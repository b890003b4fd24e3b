import { useInput, type Key } from 'ink';
import { useEffect } from 'react';
import { useTutor } from '../app/tutor-context.js';

/** A screen's keys: inactive while the help overlay is open. */
export function useScreenInput(handler: (input: string, key: Key) => void, active = true): void {
  const { helpOpen } = useTutor();
  useInput(handler, { isActive: active && !helpOpen });
}

/** While `on`, printable keys belong to the screen's text field (q and ? are letters). */
export function useTextEntry(on: boolean): void {
  const { inputMode } = useTutor();
  useEffect(() => {
    inputMode.textEntry = on;
    return () => {
      inputMode.textEntry = false;
    };
  }, [inputMode, on]);
}

/** While `on`, Esc belongs to the screen (to close a dialog) instead of going back. */
export function useEscapeCapture(on: boolean): void {
  const { inputMode } = useTutor();
  useEffect(() => {
    inputMode.escapeCaptured = on;
    return () => {
      inputMode.escapeCaptured = false;
    };
  }, [inputMode, on]);
}
