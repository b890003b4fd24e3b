import { useInput, type Key } from 'ink';
import { useEffect } from 'react';
import { useTutor } from '../app/tutor-context.js';

/** A screen's keys: inactive while the help overlay is open. */
export function useScreenInput(handler: (input: string, key: Key) => void, active = true): void {
  const { helpOpen, inputMode } = useTutor();
  useInput(
    (input, key) => {
      // Keys typed faster than a frame arrive as one chunk ("..>"): outside a text field, each
      // character is its own key press.
      if (input.length > 1 && !inputMode.textEntry && !key.ctrl && !key.meta) {
        for (const character of input) handler(character, key);
      } else handler(input, key);
    },
    { isActive: active && !helpOpen },
  );
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
