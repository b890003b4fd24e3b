/** The replication playground: produce with acks 0/1/all, crash, stall, switch min.insync.replicas. */
import { Box } from 'ink';
import { useRef, useState } from 'react';
import type { Acks } from '../../../kafka/protocol/messages.js';
import { Frame, useBodySize } from '../../components/frame.js';
import type { KeyHint } from '../../components/key-hint.js';
import { handlePlaybackKey, PLAYBACK_KEYS, playbackStatus } from '../../components/playback-status.js';
import { useScreenInput } from '../../hooks/use-screen-input.js';
import type { PlaygroundProps } from '../playground-catalog.js';
import { EventLines } from '../shared/event-lines.js';
import { usePlayback } from '../shared/use-playback.js';
import { ACKS_SETTINGS, BROKER_IDS, ReplicationSimulation } from './replication-simulation.js';
import { ReplicationView } from './replication-view.js';

const KEYS: readonly KeyHint[] = [
  { keys: 'p', action: 'produce' },
  { keys: 'a', action: 'acks 0/1/all' },
  { keys: 'm', action: 'min.insync 1/2' },
  { keys: '1-3', action: 'pick broker' },
  { keys: 'c', action: 'crash/restart' },
  { keys: 's', action: 'stall/resume' },
  ...PLAYBACK_KEYS,
];

export function ReplicationPlayground({ seed: firstSeed }: PlaygroundProps) {
  const [simulation, setSimulation] = useState(() => new ReplicationSimulation(firstSeed, 2));
  const seed = simulation.seed;
  const [acks, setAcks] = useState<Acks>(-1);
  const [selected, setSelectedState] = useState(3);
  // A key that arrives before the redraw (1 then c, typed fast) acts on the broker just picked.
  const selectedRef = useRef(selected);
  const setSelected = (broker: number) => {
    selectedRef.current = broker;
    setSelectedState(broker);
  };
  const playback = usePlayback(simulation);
  const { columns, rows } = useBodySize(KEYS);

  const rebuild = (minInsync: 1 | 2, withSeed = seed) => {
    setSimulation(new ReplicationSimulation(withSeed, minInsync, simulation.script));
    playback.touched();
  };
  const acted = (action: () => void) => {
    action();
    playback.touched();
  };

  useScreenInput((input) => {
    const broker = Number(input);
    if (BROKER_IDS.includes(broker)) setSelected(broker);
    else if (input === 'p') acted(() => simulation.produce(acks));
    else if (input === 'a') setAcks(ACKS_SETTINGS[(ACKS_SETTINGS.indexOf(acks) + 1) % ACKS_SETTINGS.length]!);
    else if (input === 'm') rebuild(simulation.minInsyncReplicas === 2 ? 1 : 2);
    else if (input === 'c') acted(() => simulation.toggleCrash(selectedRef.current));
    else if (input === 's') acted(() => simulation.toggleStall(selectedRef.current));
    else handlePlaybackKey(input, playback, () => rebuild(simulation.minInsyncReplicas), () => rebuild(simulation.minInsyncReplicas, seed + 1));
  });

  const snapshot = simulation.snapshot();
  const recordRows = Math.max(1, Math.min(6, snapshot.records.length));
  const eventRows = rows - 8 - Math.max(1, recordRows);
  return (
    <Frame title="Playground: replication" status={playbackStatus(seed, snapshot.elapsedMs, playback)} keys={KEYS}>
      <ReplicationView snapshot={snapshot} acks={acks} selectedBroker={selected} width={columns} recordRows={recordRows} />
      {eventRows > 2 && (
        <Box marginTop={1}>
          <EventLines running={playback.running} events={simulation.recentEvents(eventRows - 2)} width={columns} />
        </Box>
      )}
    </Frame>
  );
}
