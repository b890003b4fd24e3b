/** The consumer-groups playground: add and remove consumers, switch assignor, step the rebalance. */
import { Box, Text } from 'ink';
import { useEffect, useState } from 'react';
import { Frame } from '../../components/frame.js';
import type { KeyHint } from '../../components/key-hint.js';
import { Toned } from '../../components/toned.js';
import { useScreenInput } from '../../hooks/use-screen-input.js';
import { glyphs } from '../../theme/theme.js';
import { SPEEDS } from '../shared/use-playback.js';
import {
  addMember,
  GROUP_PARTITIONS,
  GROUP_TOPIC,
  initialGroupState,
  ownersByPartition,
  ownershipNow,
  removeMember,
  stepRebalance,
  switchAssignor,
  type GroupState,
} from './group-rebalance.js';

const KEYS: readonly KeyHint[] = [
  { keys: '+', action: 'add consumer' },
  { keys: '-', action: 'remove consumer' },
  { keys: 'a', action: 'assignor' },
  { keys: '.', action: 'next phase' },
  { keys: 'space', action: 'play/pause' },
  { keys: '< >', action: 'speed' },
  { keys: 'r', action: 'restart' },
];
const PHASE_DELAY_MS = 1_200;

/** "P3  ● consumer-2", padded to a column; two columns keep eight members inside 24 rows. */
function PartitionOwner({ partition, owner }: { readonly partition: number; readonly owner: string | undefined }) {
  const text = owner === undefined ? `${glyphs.outOfSync} not consumed` : `${glyphs.follower} ${owner}`;
  return (
    <Text>
      {`  P${partition}  `}
      <Toned tone={owner === undefined ? 'outOfSync' : 'follower'}>{text.padEnd(30)}</Toned>
    </Text>
  );
}

export function GroupsView({ state }: { readonly state: GroupState }) {
  const owners = ownersByPartition(state);
  const owned = ownershipNow(state);
  const phase = state.phases[state.phase];
  return (
    <Box flexDirection="column">
      <Text wrap="truncate-end">
        {`topic ${GROUP_TOPIC} (${GROUP_PARTITIONS} partitions) · assignor `}
        <Toned tone="accent" bold>{state.assignor}</Toned>
        {` · generation ${state.generation}`}
      </Text>
      {phase === undefined ? (
        <Toned tone="passed" wrap="truncate-end">{`${glyphs.passed} stable: every partition has exactly one owner`}</Toned>
      ) : (
        <Toned tone="pending" wrap="wrap">{`rebalancing, phase ${state.phase + 1} of ${state.phases.length}: ${phase.title}`}</Toned>
      )}
      <Box marginTop={1} flexDirection="column">
        <Toned tone="accent">Partitions</Toned>
        {Array.from({ length: Math.ceil(owners.length / 2) }, (_, row) => (
          <Text key={row} wrap="truncate-end">
            {[row, row + Math.ceil(owners.length / 2)]
              .filter((partition) => partition < owners.length)
              .map((partition) => <PartitionOwner key={partition} partition={partition} owner={owners[partition]} />)}
          </Text>
        ))}
      </Box>
      <Box marginTop={1} flexDirection="column">
        <Toned tone="accent">Members</Toned>
        {state.members.length === 0 && <Toned tone="muted">  none: + adds a consumer</Toned>}
        {state.members.map((member) => {
          const partitions = owned.get(member) ?? [];
          return (
            <Text key={member} wrap="truncate-end">
              {`  ${member.padEnd(12)} `}
              {partitions.length === 0 ? <Toned tone="muted">(nothing)</Toned> : partitions.map((partition) => `P${partition}`).join(' ')}
            </Text>
          );
        })}
      </Box>
    </Box>
  );
}

export function GroupsPlayground() {
  const [state, setState] = useState<GroupState>(initialGroupState);
  const [playing, setPlaying] = useState(false);
  const [speedIndex, setSpeedIndex] = useState(3);
  const speed = SPEEDS[speedIndex]!;

  useEffect(() => {
    if (!playing || state.phases.length === 0) return undefined;
    const timer = setTimeout(() => setState(stepRebalance), PHASE_DELAY_MS / speed);
    return () => clearTimeout(timer);
  }, [playing, state, speed]);

  useScreenInput((input) => {
    if (input === '+' || input === '=') setState(addMember);
    else if (input === '-') setState(removeMember);
    else if (input === 'a') setState(switchAssignor);
    else if (input === '.') setState(stepRebalance);
    else if (input === ' ') setPlaying((value) => !value);
    else if (input === '>') setSpeedIndex((index) => Math.min(SPEEDS.length - 1, index + 1));
    else if (input === '<') setSpeedIndex((index) => Math.max(0, index - 1));
    else if (input === 'r') setState(initialGroupState);
  });

  const status = `${state.members.length} consumers · ${playing ? `▶ ${speed}x` : `⏸ (${speed}x)`}`;
  return (
    <Frame title="Playground: consumer groups" status={status} keys={KEYS}>
      <GroupsView state={state} />
    </Frame>
  );
}
