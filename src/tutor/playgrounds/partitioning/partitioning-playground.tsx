/** The partitioning playground: type a key, change the partition count, watch keyless records stick. */
import { Box } from 'ink';
import { useRef, useState } from 'react';
import { Frame, useBodySize } from '../../components/frame.js';
import type { KeyHint } from '../../components/key-hint.js';
import { handlePlaybackKey, PLAYBACK_KEYS, playbackStatus } from '../../components/playback-status.js';
import { useEscapeCapture, useScreenInput, useTextEntry } from '../../hooks/use-screen-input.js';
import type { PlaygroundProps } from '../playground-catalog.js';
import { EventLines } from '../shared/event-lines.js';
import { usePlayback } from '../shared/use-playback.js';
import { LINGER_MS, PARTITIONS_MAX, PARTITIONS_MIN, PartitioningSimulation } from './partitioning-simulation.js';
import { PartitioningView } from './partitioning-view.js';

const KEY_LENGTH_MAX = 40;
const TYPING_KEYS: readonly KeyHint[] = [
  { keys: 'letters', action: 'type the key' },
  { keys: 'Enter', action: 'send it' },
  { keys: 'Esc', action: 'stop typing' },
];
const KEYS: readonly KeyHint[] = [
  { keys: 'k', action: 'type a key' },
  { keys: 'Enter', action: 'send key' },
  { keys: '[ ]', action: 'partitions' },
  ...PLAYBACK_KEYS,
];

export function PartitioningPlayground({ seed: firstSeed }: PlaygroundProps) {
  const [simulation, setSimulation] = useState(() => new PartitioningSimulation(firstSeed, 3));
  const seed = simulation.seed;
  const [key, setKeyState] = useState('user-456');
  // Keys that arrive before a redraw see the newest text through the ref, not a stale render's.
  const keyRef = useRef(key);
  const setKey = (next: string | ((text: string) => string)) => {
    keyRef.current = typeof next === 'function' ? next(keyRef.current) : next;
    setKeyState(keyRef.current);
  };
  const [typing, setTyping] = useState(false);
  const playback = usePlayback(simulation);
  const { columns, rows } = useBodySize(KEYS);
  useTextEntry(typing);
  useEscapeCapture(typing);

  const rebuild = (partitions: number, withSeed = seed) => {
    setSimulation(new PartitioningSimulation(withSeed, partitions, simulation.script));
    playback.touched();
  };
  const [lastSent, setLastSent] = useState<{ key: string; atMs: number; partition: number } | undefined>(undefined);
  const send = (sent: string) => {
    simulation.sendKeyed(sent);
    setLastSent({ key: sent, atMs: simulation.elapsedMs, partition: simulation.explain(sent).partition });
    playback.touched();
  };

  useScreenInput((input, inkKey) => {
    if (typing) {
      if (inkKey.escape) setTyping(false);
      else if (inkKey.return) {
        setTyping(false);
        send(keyRef.current);
      } else if (/[\r\n]/.test(input)) {
        // Pasted text (or keys typed faster than a redraw) arrives as one input, Enter inside it.
        const typed = (keyRef.current + input.split(/[\r\n]/)[0]).slice(0, KEY_LENGTH_MAX);
        setKey(typed);
        setTyping(false);
        send(typed);
      } else if (inkKey.backspace || inkKey.delete) setKey((text) => text.slice(0, -1));
      else if (input.length > 0 && !inkKey.ctrl && !inkKey.meta) setKey((text) => (text + input).slice(0, KEY_LENGTH_MAX));
      return;
    }
    if (input === 'k') {
      setKey('');
      setTyping(true);
    } else if (inkKey.return) send(keyRef.current);
    else if (input === ']') rebuild(Math.min(PARTITIONS_MAX, simulation.numPartitions + 1));
    else if (input === '[') rebuild(Math.max(PARTITIONS_MIN, simulation.numPartitions - 1));
    else handlePlaybackKey(input, playback, () => rebuild(simulation.numPartitions), () => rebuild(simulation.numPartitions, seed + 1));
  });

  // The simulation is mutable; playback.version changing is what re-renders this.
  const snapshot = simulation.snapshot();
  const explanation = simulation.explain(key);
  const eventRows = Math.max(0, rows - 11 - snapshot.partitions.length);
  // A send only queues a command for the producer: nothing happens until the clock moves.
  const sendNotice =
    lastSent === undefined
      ? undefined
      : !playback.running && simulation.elapsedMs === lastSent.atMs
        ? `"${lastSent.key}" queued: sent when the clock runs (space or .)`
        : `"${lastSent.key}" went to P${lastSent.partition}: a + there until its batch is appended (linger.ms ${LINGER_MS})`;
  return (
    <Frame title="Playground: partitioning" status={playbackStatus(seed, snapshot.elapsedMs, playback)} keys={typing ? TYPING_KEYS : KEYS}>
      <PartitioningView snapshot={snapshot} explanation={explanation} typing={typing} width={columns} sendNotice={sendNotice} />
      {eventRows > 1 && (
        <Box marginTop={1}>
          <EventLines running={playback.running} events={simulation.recentEvents(eventRows - 2)} width={columns} />
        </Box>
      )}
    </Frame>
  );
}
