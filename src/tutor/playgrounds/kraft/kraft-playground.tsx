/**
 * The KRaft failover playground: kill the active controller and watch the quorum elect another and
 * the partitions it led move, beside the same failure in the ZooKeeper-mode model, with the
 * recovery times both runs measured. The clusters are built after the first frame is drawn.
 */
import { Box, Text } from 'ink';
import { useEffect, useState } from 'react';
import { Frame, useBodySize } from '../../components/frame.js';
import type { KeyHint } from '../../components/key-hint.js';
import { handlePlaybackKey, PLAYBACK_KEYS, playbackStatus } from '../../components/playback-status.js';
import { Toned } from '../../components/toned.js';
import { useScreenInput } from '../../hooks/use-screen-input.js';
import type { PlaygroundProps } from '../playground-catalog.js';
import { usePlayback } from '../shared/use-playback.js';
import { KraftFailoverSimulation, type WorldName } from './kraft-simulation.js';
import { EventLines } from '../shared/event-lines.js';
import { failoverLine } from './failover-lines.js';
import { FailoverView, WORLD_COLUMNS } from './kraft-view.js';

const KEYS: readonly KeyHint[] = [
  { keys: 'k', action: 'kill active controller' },
  { keys: 'u', action: 'restart killed' },
  { keys: 'z', action: 'KRaft/ZooKeeper' },
  ...PLAYBACK_KEYS,
];
/** Both clusters on screen: z picks which one a single step follows. */
const WIDE_KEYS: readonly KeyHint[] = KEYS.map((hint) => (hint.keys === 'z' ? { keys: 'z', action: 'steps follow KRaft/ZooKeeper' } : hint));

/** Rows the view takes above the trace: the cluster (KRaft 5, ZooKeeper 6), a gap, the times (3), the notes. */
function viewRows(shown: WorldName, notice: boolean): number {
  return (shown === 'kraft' ? 5 : 6) + 1 + 3 + 1 + (notice ? 1 : 0);
}

export function KraftPlayground({ seed: firstSeed }: PlaygroundProps) {
  const [simulation, setSimulation] = useState(() => new KraftFailoverSimulation(firstSeed));
  const [shown, setShown] = useState<WorldName>('kraft');
  const playback = usePlayback(simulation);
  const { columns, rows } = useBodySize(WIDE_KEYS);
  simulation.shown = shown;

  // The first frame is drawn before the clusters are built.
  useEffect(() => {
    if (simulation.ready) return undefined;
    const timer = setTimeout(() => {
      simulation.build();
      playback.touched();
    }, 0);
    return () => clearTimeout(timer);
  }, [simulation, playback.touched]);

  const acted = (action: () => void) => {
    action();
    playback.touched();
  };
  const rebuild = (next: KraftFailoverSimulation) => {
    setSimulation(next);
    playback.touched();
  };

  useScreenInput((input) => {
    if (input === 'k') acted(() => simulation.killActiveController());
    else if (input === 'u') acted(() => simulation.restartKilled());
    else if (input === 'z') setShown((world) => (world === 'kraft' ? 'zookeeper' : 'kraft'));
    else {
      handlePlaybackKey(
        input,
        playback,
        () => rebuild(new KraftFailoverSimulation(simulation.seed, simulation.script)),
        () => rebuild(new KraftFailoverSimulation(simulation.seed + 1)),
      );
    }
  });

  const snapshot = simulation.snapshot();
  const sideBySide = columns >= 2 * WORLD_COLUMNS;
  const eventRows = snapshot === undefined ? 0 : rows - viewRows(sideBySide ? 'zookeeper' : shown, snapshot.notice !== undefined) - 1;
  return (
    <Frame title="Playground: KRaft failover" status={playbackStatus(simulation.seed, simulation.elapsedMs, playback)} keys={sideBySide ? WIDE_KEYS : KEYS}>
      {snapshot === undefined ? (
        <Text>
          <Toned tone="pending">{'… '}</Toned>
          {`building the KRaft and ZooKeeper-mode clusters for seed ${simulation.seed}`}
        </Text>
      ) : (
        <>
          <FailoverView snapshot={snapshot} shown={shown} sideBySide={sideBySide} />
          {eventRows > 1 && (
            <Box marginTop={1}>
              {sideBySide ? (
                <>
                  <Box width={WORLD_COLUMNS}>
                    <EventLines running={playback.running} events={simulation.recentEvents('kraft', eventRows - 1)} width={WORLD_COLUMNS - 1} line={failoverLine} />
                  </Box>
                  <EventLines running={playback.running} events={simulation.recentEvents('zookeeper', eventRows - 1)} width={columns - WORLD_COLUMNS} line={failoverLine} />
                </>
              ) : (
                <EventLines running={playback.running} events={simulation.recentEvents(shown, eventRows - 1)} width={columns} line={failoverLine} />
              )}
            </Box>
          )}
        </>
      )}
    </Frame>
  );
}
