/** The newest trace events of a playground, one readable line each (src/sim/trace-format). */
import { Box, Text } from 'ink';
import { formatEvent } from '../../../sim/trace-format.js';
import type { SimTraceEvent } from '../../../sim/sim-events.js';
import { Toned } from '../../components/toned.js';

export function EventLines({ events, width }: { readonly events: readonly SimTraceEvent[]; readonly width: number }) {
  return (
    <Box flexDirection="column">
      <Toned tone="accent">Trace (newest last)</Toned>
      {events.length === 0 && <Toned tone="muted">  nothing yet: press space to run or . to step</Toned>}
      {events.map((event, index) => (
        <Text key={index} wrap="truncate-end">
          {formatEvent(event).slice(0, width)}
        </Text>
      ))}
    </Box>
  );
}
