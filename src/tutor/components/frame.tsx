/**
 * Every screen's layout: a title line, the body clipped to what the terminal has room for, and
 * the screen's keys at the bottom. The body gets `rows - 3` lines, so nothing scrolls the terminal
 * (a view taller than the terminal flickers and wipes scrollback, Ink issues #359 and #935).
 */
import { Box, Text } from 'ink';
import { useEffect, type ReactNode } from 'react';
import { useTutor } from '../app/tutor-context.js';
import { useTerminalSize } from '../hooks/use-terminal-size.js';
import { packKeyHints, type KeyHint } from './key-hint.js';
import { Toned } from './toned.js';

export const FRAME_CHROME_ROWS = 3;

interface FrameProps {
  readonly title: string;
  readonly status?: string;
  readonly keys: readonly KeyHint[];
  readonly children: ReactNode;
}

export const GLOBAL_KEYS: readonly KeyHint[] = [
  { keys: 'Esc', action: 'back' },
  { keys: '?', action: 'help' },
  { keys: 'q', action: 'quit' },
];

export function Frame({ title, status, keys, children }: FrameProps) {
  const { columns, rows } = useTerminalSize();
  const { services, publishKeys, nav, inputMode } = useTutor();
  useEffect(() => publishKeys(keys), [keys, publishKeys]);
  const header = `Lab ${services.labId} · ${title}`;
  const right = status ?? '';
  const room = Math.max(0, columns - header.length - right.length - 1);
  // A screen whose Esc closes its own dialog says so; "Esc back" would then be wrong.
  // On the first screen Esc goes nowhere; while the learner types, ? and q are letters, not keys.
  const escOwned = keys.some((hint) => hint.keys.includes('Esc')) || !nav.canGoBack;
  const globalKeys = inputMode.textEntry ? [] : escOwned ? GLOBAL_KEYS.filter((hint) => hint.keys !== 'Esc') : GLOBAL_KEYS;
  const keyLines = packKeyHints([...keys, ...globalKeys], columns, 2);
  return (
    <Box flexDirection="column" width={columns} height={rows}>
      <Box height={1}>
        <Toned tone="heading" bold wrap="truncate-end">
          {header}
        </Toned>
        <Text>{' '.repeat(room)}</Text>
        <Toned tone="muted" wrap="truncate-end">
          {right}
        </Toned>
      </Box>
      <Box flexDirection="column" height={Math.max(1, rows - FRAME_CHROME_ROWS)} overflow="hidden">
        {children}
      </Box>
      <Box flexDirection="column" height={2}>
        {keyLines.map((line, index) => (
          <Toned key={index} tone="muted" wrap="truncate-end">
            {line}
          </Toned>
        ))}
      </Box>
    </Box>
  );
}

/** The body's size inside a Frame. */
export function useBodySize(): { columns: number; rows: number } {
  const { columns, rows } = useTerminalSize();
  return { columns, rows: Math.max(1, rows - FRAME_CHROME_ROWS) };
}
