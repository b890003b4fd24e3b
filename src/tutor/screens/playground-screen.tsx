/** One playground, or why it cannot open yet. */
import { Text } from 'ink';
import type { PlaygroundId } from '../../lessons/lesson-types.js';
import { useTutor } from '../app/tutor-context.js';
import { Frame } from '../components/frame.js';
import { Toned } from '../components/toned.js';
import { DEFAULT_PLAYGROUND_SEED } from '../playgrounds/playground-catalog.js';

export function PlaygroundScreen({ id }: { readonly id: PlaygroundId }) {
  const { services } = useTutor();
  const entry = services.playgrounds[id];
  if (entry.Component !== undefined) return <entry.Component seed={DEFAULT_PLAYGROUND_SEED} />;
  return (
    <Frame title={`Playground: ${entry.title}`} keys={[]}>
      <Text wrap="wrap">{entry.summary}</Text>
      <Text> </Text>
      <Toned tone="warning" wrap="wrap">{`Not available yet: ${entry.unavailable ?? 'its simulator is not built'}.`}</Toned>
    </Frame>
  );
}
