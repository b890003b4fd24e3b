/** The list of playgrounds: pick one with ↑↓ and Enter, or by its number. */
import { Box, Text } from 'ink';
import { useState } from 'react';
import { useTutor } from '../app/tutor-context.js';
import { Frame } from '../components/frame.js';
import type { KeyHint } from '../components/key-hint.js';
import { Toned } from '../components/toned.js';
import { useScreenInput } from '../hooks/use-screen-input.js';
import { PLAYGROUND_ORDER } from '../playgrounds/playground-catalog.js';
import { glyphs } from '../theme/theme.js';

const KEYS: readonly KeyHint[] = [
  { keys: '↑↓', action: 'choose' },
  { keys: 'Enter', action: 'open' },
  { keys: '1-5', action: 'open that one' },
];

export function PlaygroundsScreen() {
  const { services, nav } = useTutor();
  const [cursor, setCursor] = useState(0);
  const last = PLAYGROUND_ORDER.length - 1;
  useScreenInput((input, key) => {
    if (key.upArrow) return setCursor((current) => Math.max(0, current - 1));
    if (key.downArrow) return setCursor((current) => Math.min(last, current + 1));
    const index = key.return ? cursor : Number(input) - 1;
    const id = PLAYGROUND_ORDER[index];
    if (Number.isInteger(index) && id !== undefined) nav.go({ screen: 'playground', id });
  });
  return (
    <Frame title="Playgrounds" keys={KEYS}>
      <Toned tone="muted" wrap="wrap">
        Live simulations of the reference Kafka on a virtual clock. Same seed, same keys: the same run.
      </Toned>
      {PLAYGROUND_ORDER.map((id, index) => {
        const entry = services.playgrounds[id];
        const ready = entry.Component !== undefined;
        const chosen = index === cursor;
        return (
          <Box key={id} flexDirection="column" marginTop={1}>
            <Text wrap="truncate-end">
              <Toned tone="selected" inverse={chosen}>{chosen ? glyphs.pointer : ' '}</Toned>
              <Toned tone={ready ? 'accent' : 'muted'}>{` ${index + 1} `}</Toned>
              <Toned tone={chosen ? 'selected' : 'heading'} bold={chosen}>
                {entry.title}
              </Toned>
            </Text>
            <Box marginLeft={5}>
              <Toned tone="muted" wrap="wrap">
                {ready ? entry.summary : `(${entry.unavailable ?? 'not available yet'})`}
              </Toned>
            </Box>
          </Box>
        );
      })}
    </Frame>
  );
}
