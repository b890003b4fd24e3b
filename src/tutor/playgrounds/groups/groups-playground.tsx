/**
 * The consumer-groups playground: a live group on a simulated cluster. Add a consumer, make one
 * leave (LeaveGroup) or crash (its partitions wait for the session timeout), switch the assignor
 * (restarting the group), and watch the coordinator's rebalance and the assignment table.
 */
import { Box, Text } from 'ink';
import { useRef, useState } from 'react';
import { Frame, useBodySize } from '../../components/frame.js';
import type { KeyHint } from '../../components/key-hint.js';
import { handlePlaybackKey, PLAYBACK_KEYS, playbackStatus } from '../../components/playback-status.js';
import { Toned } from '../../components/toned.js';
import { useScreenInput } from '../../hooks/use-screen-input.js';
import type { PlaygroundProps } from '../playground-catalog.js';
import { usePlayback } from '../shared/use-playback.js';
import { assignorsOf, GroupsSimulation, MAX_CONSUMERS, nextAssignor, type ConsumerSnapshot } from './groups-simulation.js';
import { EventLines } from '../shared/event-lines.js';
import { groupEventLine, GroupsView, groupsViewRows } from './groups-view.js';

const KEYS: readonly KeyHint[] = [
  { keys: '+', action: 'add' },
  { keys: '1-9', action: 'pick' },
  { keys: 'l', action: 'leave' },
  { keys: 'c', action: 'crash' },
  // Switching the assignor or the protocol restarts the group; the notice line says so.
  { keys: 'a', action: 'assignor' },
  { keys: 'k', action: 'classic/KIP-848' },
  ...PLAYBACK_KEYS,
];

/** At most MAX_CONSUMERS rows: the running and crashed-but-still-members first, then the newest of the rest. */
function consumersShown(consumers: readonly ConsumerSnapshot[]): ConsumerSnapshot[] {
  const current = consumers.filter((c) => c.status === 'member' || c.status === 'joining' || c.inGroup);
  const gone = consumers.filter((c) => !current.includes(c));
  const kept = new Set([...current, ...gone.slice(Math.max(0, gone.length - (MAX_CONSUMERS - current.length)))]);
  return consumers.filter((c) => kept.has(c));
}

export function GroupsPlayground({ seed: firstSeed }: PlaygroundProps) {
  const [simulation, setSimulation] = useState(() => new GroupsSimulation(firstSeed));
  const [selected, setSelected] = useState('c1');
  const [notice, setNotice] = useState<string | undefined>(undefined);
  const playback = usePlayback(simulation);
  const { columns, rows } = useBodySize(KEYS);

  // Keys can arrive faster than React draws: each handler reads what the previous key left here.
  const latest = useRef({ simulation, selected });
  latest.current = { simulation, selected };
  const select = (id: string) => {
    latest.current.selected = id;
    setSelected(id);
  };

  const rebuild = (next: GroupsSimulation, message?: string) => {
    latest.current.simulation = next;
    setSimulation(next);
    setNotice(message);
    playback.touched();
  };
  const acted = (done: boolean, refused: string) => {
    setNotice(done ? undefined : refused);
    playback.touched();
  };

  useScreenInput((input) => {
    const { simulation, selected } = latest.current;
    if (/^[1-9]$/.test(input)) {
      const id = `c${input}`;
      if (simulation.consumerIds.includes(id)) select(id);
    } else if (input === '+' || input === '=') {
      const before = simulation.consumerIds.length;
      const done = simulation.addConsumer();
      if (done) select(`c${before + 1}`);
      acted(done, `no more consumers: at most ${MAX_CONSUMERS} running, c1 to c9 in all (r starts over)`);
    } else if (input === 'l') acted(simulation.leave(selected), `${selected} is not running`);
    else if (input === 'c') acted(simulation.crash(selected), `${selected} is not running`);
    else if (input === 'a') {
      const assignor = nextAssignor(simulation.assignor, simulation.protocol);
      rebuild(
        new GroupsSimulation(simulation.seed, assignor, simulation.script, simulation.protocol),
        `assignor ${assignor}: the group restarted from t=0 with it, your actions replayed`,
      );
    } else if (input === 'k') {
      const protocol = simulation.protocol === 'classic' ? 'consumer' : 'classic';
      const assignor = assignorsOf(protocol)[0]!;
      rebuild(
        new GroupsSimulation(simulation.seed, assignor, simulation.script, protocol),
        `group.protocol=${protocol}${protocol === 'consumer' ? ' (KIP-848)' : ''}: the group restarted from t=0, your actions replayed`,
      );
    } else {
      handlePlaybackKey(
        input,
        playback,
        () => rebuild(new GroupsSimulation(simulation.seed, simulation.assignor, simulation.script, simulation.protocol)),
        () => rebuild(new GroupsSimulation(simulation.seed + 1, simulation.assignor, simulation.script, simulation.protocol)),
      );
    }
  });

  const snapshot = simulation.snapshot();
  const shown = consumersShown(snapshot.consumers);
  const eventRows = rows - groupsViewRows(shown.length) - (notice === undefined ? 0 : 1) - 1;
  return (
    <Frame title="Playground: consumer groups" status={playbackStatus(simulation.seed, snapshot.elapsedMs, playback)} keys={KEYS}>
      <GroupsView snapshot={snapshot} consumers={shown} selected={selected} />
      {notice !== undefined && (
        <Text wrap="truncate-end">
          <Toned tone="warning">{`! ${notice}`}</Toned>
        </Text>
      )}
      {eventRows > 1 && (
        <Box marginTop={1}>
          <EventLines running={playback.running} title="Group trace (newest last)" events={simulation.recentEvents(eventRows - 1)} width={columns} line={(event) => groupEventLine(event, simulation.names, simulation.protocol)} />
        </Box>
      )}
    </Frame>
  );
}
