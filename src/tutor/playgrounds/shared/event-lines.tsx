/**
 * The newest trace events of a playground, one line each, newest last. Each playground may bring
 * its own line format (the failover and groups playgrounds shorten theirs to fit 80 columns);
 * the default is the shared one of src/sim/trace-format.
 */
import { Box, Text } from 'ink';
import { formatEvent } from '../../../sim/trace-format.js';
import type { SimTraceEvent } from '../../../sim/sim-events.js';
import { Toned } from '../../components/toned.js';

export interface EventLinesProps {
  readonly events: readonly SimTraceEvent[];
  readonly width: number;
  readonly title?: string;
  readonly line?: (event: SimTraceEvent) => string;
  /** Whether the clock runs: the empty trace then says it is waiting, not which key to press. */
  readonly running: boolean;
}

export function EventLines({ events, width, title = 'Trace (newest last)', line = formatEvent, running }: EventLinesProps) {
  return (
    <Box flexDirection="column">
      <Toned tone="accent">{title}</Toned>
      {events.length === 0 && (
        <Toned tone="muted">{running ? '  running: no events yet' : '  nothing yet: press space to run or . to step'}</Toned>
      )}
      {events.map((event, index) => (
        <Text key={index} wrap="truncate-end">
          {line(event).slice(0, width)}
        </Text>
      ))}
    </Box>
  );
}
