/** `?`: every key of the screen underneath, and the keys that work everywhere. */
import { Box, Text } from 'ink';
import { GLOBAL_KEYS } from '../components/frame.js';
import type { KeyHint } from '../components/key-hint.js';
import { Toned } from '../components/toned.js';
import { useTerminalSize } from '../hooks/use-terminal-size.js';

function KeyTable({ keys }: { readonly keys: readonly KeyHint[] }) {
  const width = Math.max(...keys.map((hint) => hint.keys.length), 4);
  return (
    <Box flexDirection="column">
      {keys.map((hint) => (
        <Text key={`${hint.keys}-${hint.action}`} wrap="truncate-end">
          {'  '}
          {hint.keys.padEnd(width)}
          {'  '}
          {hint.action}
        </Text>
      ))}
    </Box>
  );
}

export function HelpOverlay({ keys }: { readonly keys: readonly KeyHint[] }) {
  const { columns, rows } = useTerminalSize();
  return (
    <Box flexDirection="column" width={columns} height={rows} overflow="hidden">
      <Toned tone="heading" bold>
        Help: keys
      </Toned>
      <Text> </Text>
      <Toned tone="accent">On this screen</Toned>
      <KeyTable keys={keys} />
      <Text> </Text>
      <Toned tone="accent">Everywhere</Toned>
      <KeyTable keys={[...GLOBAL_KEYS, { keys: 'Ctrl-C', action: 'quit, always' }]} />
      <Text> </Text>
      <Toned tone="muted">Glyphs: ✔ passed · ✘ failing · ○ not started · ★ leader · ● follower · ◌ out of sync · ✖ down</Toned>
      <Toned tone="muted">Press ? or Esc to close this help.</Toned>
    </Box>
  );
}
