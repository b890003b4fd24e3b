/**
 * Drawing of the partitioning playground, from a snapshot of the simulation and the key being
 * typed: murmur2 → toPositive → modulo for that key, and where the keyless records went.
 */
import { Box, Text } from 'ink';
import type { KeyPartitionExplanation } from '../../../kafka/partitioning/partitioner.js';
import { Toned } from '../../components/toned.js';
import { glyphs } from '../../theme/theme.js';
import { BATCH_SIZE_BYTES, type PartitioningSnapshot } from './partitioning-simulation.js';

interface PartitioningViewProps {
  readonly snapshot: PartitioningSnapshot;
  readonly explanation: KeyPartitionExplanation;
  readonly typing: boolean;
  readonly width: number;
  /** What became of the last key sent with Enter, when there is something to say. */
  readonly sendNotice?: string | undefined;
}

export function partitionBar(records: number, maxRecords: number, cells: number): string {
  if (maxRecords === 0) return '';
  return glyphs.committed.repeat(Math.round((records / maxRecords) * cells));
}

export function PartitioningView({ snapshot, explanation, typing, width, sendNotice }: PartitioningViewProps) {
  const maxRecords = Math.max(1, ...snapshot.partitions.map((partition) => partition.records));
  const barCells = Math.max(5, width - 52);
  const hexPairs = explanation.utf8Hex.match(/../g)?.join(' ') ?? '(empty)';
  return (
    <Box flexDirection="column">
      <Toned tone="accent">Keyed records: the Java producer's partitionForKey</Toned>
      <Text wrap="truncate-end">
        {'  key '}
        <Toned tone="selected" inverse={typing}>{`"${explanation.key}"`}</Toned>
        {typing ? ' ▏typing: Enter sends it, Esc stops' : ''}
      </Text>
      <Text wrap="truncate-end">{`  UTF-8 bytes  ${hexPairs}`}</Text>
      <Text wrap="truncate-end">{`  murmur2      ${explanation.murmur2}   toPositive ${explanation.toPositive}`}</Text>
      <Text wrap="truncate-end">
        {`  ${explanation.toPositive} % ${snapshot.partitions.length} = `}
        <Toned tone="leader" bold>{`partition ${explanation.partition}`}</Toned>
      </Text>
      {sendNotice === undefined ? <Text> </Text> : <Toned tone="warning" wrap="truncate-end">{`  ${sendNotice}`}</Toned>}
      <Toned tone="accent" wrap="truncate-end">Records appended to each leader's log, + those still in the producer</Toned>
      <Toned tone="muted" wrap="truncate-end">
        {`  sticky: switch after ${BATCH_SIZE_BYTES} B if its batch is full, else at ${2 * BATCH_SIZE_BYTES} B (KIP-794)`}
      </Toned>
      {snapshot.partitions.map((partition) => {
        const sticky = snapshot.stickyPartition === partition.partition;
        return (
          <Text key={partition.partition} wrap="truncate-end">
            {sticky ? `${glyphs.pointer} ` : '  '}
            {`P${partition.partition}`.padEnd(4)}
            {`leader ${partition.leader < 0 ? '-' : partition.leader}`.padEnd(10)}
            {String(partition.records).padStart(5)}
            {(partition.waiting > 0 ? ` +${partition.waiting}` : '').padEnd(6)}{' '}
            <Toned tone={sticky ? 'leader' : 'follower'}>{partitionBar(partition.records, maxRecords, barCells)}</Toned>
            {sticky ? `  sticky ${snapshot.bytesToStickyPartition}/${BATCH_SIZE_BYTES} B` : ''}
            {partition.recentKeys.length > 0 ? `  keys: ${partition.recentKeys.join(', ')}` : ''}
          </Text>
        );
      })}
      {snapshot.stickyPartition === undefined && (
        <Toned tone="muted">  no sticky partition: the next keyless record draws one</Toned>
      )}
    </Box>
  );
}
