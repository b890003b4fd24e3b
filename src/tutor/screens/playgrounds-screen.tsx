/** The list of playgrounds: pick one by its number. */
import { Text } from 'ink';
import { useTutor } from '../app/tutor-context.js';
import { Frame } from '../components/frame.js';
import type { KeyHint } from '../components/key-hint.js';
import { Toned } from '../components/toned.js';
import { useScreenInput } from '../hooks/use-screen-input.js';
import { PLAYGROUND_ORDER } from '../playgrounds/playground-catalog.js';
import { glyphs } from '../theme/theme.js';

const KEYS: readonly KeyHint[] = [{ keys: '1-5', action: 'open a playground' }];

export function PlaygroundsScreen() {
  const { services, nav } = useTutor();
  useScreenInput((input) => {
    const index = Number(input) - 1;
    const id = PLAYGROUND_ORDER[index];
    if (Number.isInteger(index) && id !== undefined) nav.go({ screen: 'playground', id });
  });
  return (
    <Frame title="Playgrounds" keys={KEYS}>
      <Toned tone="muted" wrap="wrap">
        Live simulations of the reference Kafka on a virtual clock. Same seed, same keys: the same run.
      </Toned>
      <Text> </Text>
      {PLAYGROUND_ORDER.map((id, index) => {
        const entry = services.playgrounds[id];
        const ready = entry.Component !== undefined;
        return (
          <Text key={id} wrap="truncate-end">
            <Toned tone={ready ? 'accent' : 'muted'}>{`${index + 1} `}</Toned>
            <Toned tone={ready ? 'passed' : 'muted'}>{ready ? glyphs.follower : glyphs.notStarted}</Toned>
            {` ${entry.title.padEnd(24)} `}
            <Toned tone="muted">{ready ? entry.summary : `(${entry.unavailable ?? 'not available yet'})`}</Toned>
          </Text>
        );
      })}
    </Frame>
  );
}
