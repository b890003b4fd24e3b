/**
 * Every screen's layout: a title line, the body clipped to what the terminal has room for, and
 * the screen's keys at the bottom. The key bar takes two lines, three when a screen has that many
 * keys (every key stays visible); the body gets the rest, so nothing scrolls the terminal
 * (a view taller than the terminal flickers and wipes scrollback, Ink issues #359 and #935).
 */
import { Box, Text } from 'ink';
import { useEffect, type ReactNode } from 'react';
import { useTutor } from '../app/tutor-context.js';
import { useTerminalSize } from '../hooks/use-terminal-size.js';
import { packKeyHints, type KeyHint } from './key-hint.js';
import { Toned } from './toned.js';

export const FRAME_CHROME_ROWS = 3;
/** The key bar grows to this many lines before it would leave a key out (the rest is in `?`). */
const MAX_KEY_LINES = 3;

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
  const keyLines = keyBarLines(keys, columns, globalKeysFor(keys, nav.canGoBack, inputMode.textEntry));
  const keyRows = Math.max(2, keyLines.length);
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
      <Box flexDirection="column" height={Math.max(1, rows - 1 - keyRows)} overflow="hidden">
        {children}
      </Box>
      <Box flexDirection="column" height={keyRows}>
        {keyLines.map((line, index) => (
          <Toned key={index} tone="muted" wrap="truncate-end">
            {line}
          </Toned>
        ))}
      </Box>
    </Box>
  );
}

/**
 * The global keys a screen's bar adds. A screen whose Esc closes its own dialog says so, and on
 * the first screen Esc goes nowhere: no "Esc back" then. While the learner types, ? and q are
 * letters, not keys.
 */
function globalKeysFor(keys: readonly KeyHint[], canGoBack: boolean, typing: boolean): readonly KeyHint[] {
  if (typing) return [];
  const escOwned = keys.some((hint) => hint.keys.includes('Esc')) || !canGoBack;
  return escOwned ? GLOBAL_KEYS.filter((hint) => hint.keys !== 'Esc') : GLOBAL_KEYS;
}

/** The key bar's lines: the screen's keys, then the global ones (all of them unless told). */
export function keyBarLines(keys: readonly KeyHint[], columns: number, globalKeys: readonly KeyHint[] = GLOBAL_KEYS): string[] {
  return packKeyHints([...keys, ...globalKeys], columns, MAX_KEY_LINES);
}

/** The body's size inside a Frame; pass the screen's keys when its key bar may need a third line. */
export function useBodySize(keys?: readonly KeyHint[]): { columns: number; rows: number } {
  const { columns, rows } = useTerminalSize();
  const { nav, inputMode } = useTutor();
  const keyRows = keys === undefined ? FRAME_CHROME_ROWS - 1 : Math.max(2, keyBarLines(keys, columns, globalKeysFor(keys, nav.canGoBack, inputMode.textEntry)).length);
  return { columns, rows: Math.max(1, rows - 1 - keyRows) };
}
