import { useInput, type Key } from 'ink';
import { useEffect, useRef } from 'react';
import { useTutor } from '../app/tutor-context.js';

/** Time for React to draw one key's change before the next key of a chunk is handled. */
const KEY_REPEAT_GAP_MS = 15;

/** A screen's keys: inactive while the help overlay is open. */
export function useScreenInput(handler: (input: string, key: Key) => void, active = true): void {
  const { helpOpen, inputMode } = useTutor();
  const latest = useRef(handler);
  latest.current = handler;
  useInput(
    (input, key) => {
      // Keys typed faster than a frame arrive as one chunk ("2s"): outside a text field each
      // character is its own key press, handled after the previous one has been drawn, so it sees
      // the state that press left (the broker "2" picked before "s" stalls it).
      if (input.length > 1 && !inputMode.textEntry && !key.ctrl && !key.meta) {
        const characters = [...input];
        const next = () => {
          const character = characters.shift();
          if (character === undefined) return;
          latest.current(character, key);
          if (characters.length > 0) setTimeout(next, KEY_REPEAT_GAP_MS);
        };
        next();
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
