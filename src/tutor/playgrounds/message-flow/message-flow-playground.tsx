/**
 * The message flow: one send("orders", key "user-456") stepped hop by hop through its real trace,
 * with the node it is at highlighted and what the hop means. Space plays the hops on the virtual
 * clock (their real spacing, scaled by the speed); r replays the seed.
 */
import { Box, Text } from 'ink';
import { useEffect, useState } from 'react';
import { brokerNode } from '../../../kafka/ids.js';
import { formatEvent } from '../../../sim/trace-format.js';
import { Frame, useBodySize } from '../../components/frame.js';
import type { KeyHint } from '../../components/key-hint.js';
import { Toned } from '../../components/toned.js';
import { useScreenInput } from '../../hooks/use-screen-input.js';
import { glyphs } from '../../theme/theme.js';
import type { PlaygroundProps } from '../playground-catalog.js';
import { SPEEDS } from '../shared/use-playback.js';
import { explainHop, FLOW_CONSUMER, FLOW_KEY, FLOW_PRODUCER, FLOW_VALUE, traceOneMessage, type MessageFlow } from './message-flow-trace.js';

const KEYS: readonly KeyHint[] = [
  { keys: '→ .', action: 'next hop' },
  { keys: '←', action: 'previous' },
  { keys: 'space', action: 'play/pause' },
  { keys: '< >', action: 'speed' },
  { keys: 'Home/End', action: 'first/last' },
  { keys: 'r', action: 'replay seed' },
  { keys: 'n', action: 'next seed' },
];
/** Real milliseconds per virtual millisecond at 1x: the hops are milliseconds apart, so slow them down. */
const REAL_MS_PER_VIRTUAL_MS = 20;
const MIN_HOP_DELAY_MS = 300;

/** producer ─▶ ★leader ─▶ followers ─▶ consumer, the node the record is at highlighted. */
export function FlowDiagram({ flow, at }: { readonly flow: MessageFlow; readonly at: string }) {
  const stations = [FLOW_PRODUCER, brokerNode(flow.leader), ...flow.followers.map(brokerNode), FLOW_CONSUMER];
  const separatorBefore = (index: number) => (index === 0 ? '' : index >= 3 && index < stations.length - 1 ? ', ' : ' ─▶ ');
  return (
    <Text wrap="truncate-end">
      {stations.map((station, index) => (
        <Text key={station}>
          {separatorBefore(index)}
          <Toned tone={station === at ? 'selected' : index === 1 ? 'leader' : 'muted'} inverse={station === at} bold={station === at}>
            {`${station === at ? glyphs.pointer : ''}${index === 1 ? glyphs.leader : ''}${station}`}
          </Toned>
        </Text>
      ))}
    </Text>
  );
}

export function MessageFlowPlayground({ seed: firstSeed }: PlaygroundProps) {
  const [flow, setFlow] = useState<MessageFlow>(() => traceOneMessage(firstSeed));
  const seed = flow.seed;
  const [hop, setHop] = useState(0);
  const [playing, setPlaying] = useState(false);
  const [speedIndex, setSpeedIndex] = useState(3);
  const { columns, rows } = useBodySize(KEYS);
  const last = flow.hops.length - 1;
  const speed = SPEEDS[speedIndex]!;

  useEffect(() => {
    if (!playing) return undefined;
    if (hop >= last) {
      setPlaying(false);
      return undefined;
    }
    const gapMs = flow.hops[hop + 1]!.atMs - flow.hops[hop]!.atMs;
    const timer = setTimeout(() => setHop((value) => Math.min(last, value + 1)), Math.max(MIN_HOP_DELAY_MS, (gapMs * REAL_MS_PER_VIRTUAL_MS) / speed));
    return () => clearTimeout(timer);
  }, [playing, hop, last, flow, speed]);

  useScreenInput((input, key) => {
    if (key.rightArrow || input === '.') {
      setPlaying(false);
      setHop((value) => Math.min(last, value + 1));
    } else if (key.leftArrow) {
      setPlaying(false);
      setHop((value) => Math.max(0, value - 1));
    } else if (key.home) setHop(0);
    else if (key.end) setHop(last);
    else if (input === ' ') setPlaying((value) => !value);
    else if (input === '>') setSpeedIndex((index) => Math.min(SPEEDS.length - 1, index + 1));
    else if (input === '<') setSpeedIndex((index) => Math.max(0, index - 1));
    else if (input === 'r' || input === 'n') {
      setFlow(traceOneMessage(input === 'n' ? seed + 1 : seed));
      setHop(0);
      setPlaying(false);
    }
  });

  const status = `seed ${seed} · hop ${hop + 1}/${flow.hops.length} · ${playing ? `▶ ${speed}x` : `⏸ (${speed}x)`}`;
  return (
    <Frame title="Playground: message flow" status={status} keys={KEYS}>
      <MessageFlowView flow={flow} hop={hop} columns={columns} rows={rows} />
    </Frame>
  );
}

/** The body: the send, where the record is, what this hop means, and the hops around it. */
export function MessageFlowView({ flow, hop, columns, rows }: { readonly flow: MessageFlow; readonly hop: number; readonly columns: number; readonly rows: number }) {
  const current = flow.hops[hop];
  const listRows = Math.max(3, rows - 9);
  const first = Math.max(0, Math.min(hop - Math.floor(listRows / 2), flow.hops.length - listRows));
  return (
    <Box flexDirection="column">
      <Toned tone="accent" wrap="truncate-end">{`send("orders", key "${FLOW_KEY}", value "${FLOW_VALUE}") → orders-${flow.partition} offset ${flow.offset}, acks=all`}</Toned>
      <FlowDiagram flow={flow} at={current?.node ?? FLOW_PRODUCER} />
      {!flow.delivered && <Toned tone="warning">The consumer did not receive the record within 10 s of virtual time.</Toned>}
      {current !== undefined && (
        <Box flexDirection="column" marginTop={1}>
          <Toned tone="heading" bold wrap="truncate-end">{`Hop ${hop + 1}: ${current.event.type} at ${current.node}, ${current.atMs} ms after send()`}</Toned>
          <Text wrap="wrap">{explainHop(current, flow)}</Text>
        </Box>
      )}
      <Box flexDirection="column" marginTop={1}>
        {flow.hops.slice(first, first + listRows).map((entry, offset) => {
          const index = first + offset;
          return (
            <Text key={index} wrap="truncate-end">
              <Toned tone={index === hop ? 'selected' : index < hop ? 'passed' : 'muted'} inverse={index === hop}>
                {`${index === hop ? glyphs.pointer : index < hop ? glyphs.passed : ' '}${String(index + 1).padStart(3)} ${formatEvent({ ...entry.event, at: entry.atMs })}`.slice(0, columns)}
              </Toned>
            </Text>
          );
        })}
      </Box>
    </Box>
  );
}
