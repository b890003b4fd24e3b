/**
 * Drawing of the replication playground from a snapshot: the partition's leader, epoch and ISR,
 * each broker's LEO, HW and log (committed cells below the HW), and what became of each record.
 */
import { Box, Text } from 'ink';
import { defaultControllerConfig } from '../../../kafka/config.js';
import type { Acks } from '../../../kafka/protocol/messages.js';
import { Toned } from '../../components/toned.js';
import { glyphs, type Tone } from '../../theme/theme.js';
import { acksName, type BrokerSnapshot, type RecordSnapshot, type ReplicationSnapshot } from './replication-simulation.js';

interface ReplicationViewProps {
  readonly snapshot: ReplicationSnapshot;
  readonly acks: Acks;
  readonly selectedBroker: number;
  readonly width: number;
  readonly recordRows: number;
}

function brokerGlyph(broker: BrokerSnapshot): { glyph: string; tone: Tone } {
  if (!broker.up) return { glyph: glyphs.down, tone: 'down' };
  if (broker.role === 'leader') return { glyph: glyphs.leader, tone: 'leader' };
  if (!broker.inIsr) return { glyph: glyphs.outOfSync, tone: 'outOfSync' };
  return { glyph: glyphs.follower, tone: 'follower' };
}

/** One cell per offset: committed (below this replica's HW) or not; the newest `cells` shown. */
export function logCells(broker: BrokerSnapshot, cells: number): string {
  const first = Math.max(0, broker.values.length - cells);
  let text = first > 0 ? '…' : '';
  for (let offset = first; offset < broker.values.length; offset++) text += offset < broker.highWatermark ? glyphs.committed : glyphs.uncommitted;
  return text;
}

/** The glyph an acknowledged record gets when no leader can be asked; listed in the records legend. */
const OFFLINE_GLYPH = '?';

/** The records' glyphs, on the line that titles them. */
export const RECORDS_LEGEND = [
  `${glyphs.passed} committed`,
  `${glyphs.outOfSync} above HW`,
  `${glyphs.running} waiting`,
  `${glyphs.failed} failed`,
  `${glyphs.lost} lost`,
  `${OFFLINE_GLYPH} no leader`,
].join(' ');

/**
 * acks=0: the producer sends and never hears back (Kafka's ProduceResponse is not even sent, and
 * the callback gets offset -1). Where the record landed is what the leader's log holds, not
 * something the producer learned.
 */
function describeUnanswered(status: RecordSnapshot['status']): { glyph: string; tone: Tone; text: string } | undefined {
  const sent = 'sent, no answer: offset unknown to producer';
  switch (status.kind) {
    case 'committed':
      return { glyph: glyphs.passed, tone: 'passed', text: `${sent}; log has it at ${status.offset}` };
    case 'uncommitted':
      return { glyph: glyphs.outOfSync, tone: 'outOfSync', text: `${sent}; log has it at ${status.offset} > HW` };
    case 'lost':
      return { glyph: glyphs.lost, tone: 'failed', text: `${sent}; the leader's log does not hold it: LOST` };
    case 'offline':
      return { glyph: OFFLINE_GLYPH, tone: 'warning', text: `${sent}; no leader to ask (offline)` };
    default:
      return undefined;
  }
}

export function describeRecord(record: RecordSnapshot): { glyph: string; tone: Tone; text: string } {
  const { status } = record;
  const unanswered = record.acks === 0 ? describeUnanswered(status) : undefined;
  if (unanswered !== undefined) return unanswered;
  switch (status.kind) {
    case 'pending':
      return {
        glyph: glyphs.running,
        tone: 'pending',
        text: status.retryingAfter === undefined ? 'waiting for its acknowledgement' : `refused (${status.retryingAfter}), retrying`,
      };
    case 'failed':
      return {
        glyph: glyphs.failed,
        tone: 'failed',
        text: `failed: ${status.reason}${status.lastError === undefined ? '' : ` after ${status.lastError}`}, never acknowledged`,
      };
    case 'committed':
      return { glyph: glyphs.passed, tone: 'passed', text: `acknowledged, committed at offset ${status.offset}` };
    case 'uncommitted':
      return { glyph: glyphs.outOfSync, tone: 'outOfSync', text: `acknowledged, offset ${status.offset} above the HW` };
    case 'lost':
      return {
        glyph: glyphs.lost,
        tone: 'failed',
        text: `acknowledged and LOST: the leader holds ${status.found === undefined ? 'nothing' : `"${status.found}"`} at ${status.offset < 0 ? 'any offset' : `offset ${status.offset}`}`,
      };
    case 'offline':
      return { glyph: OFFLINE_GLYPH, tone: 'warning', text: 'acknowledged; no leader to ask (offline)' };
  }
}

export function ReplicationView({ snapshot, acks, selectedBroker, width, recordRows }: ReplicationViewProps) {
  const cells = Math.max(5, width - 44);
  const records = snapshot.records.slice(-recordRows);
  // Until the controller fences the crashed leader, the metadata still names it (KIP-631 broker heartbeats).
  const unfencedLeader = snapshot.brokers.some((broker) => broker.id === snapshot.leader && !broker.up);
  return (
    <Box flexDirection="column">
      <Text wrap="truncate-end">
        {`orders-0  leader ${snapshot.leader < 0 ? 'none' : snapshot.leader}  epoch ${snapshot.leaderEpoch}  ISR [${snapshot.isr.join(',')}]  `}
        {`min.insync.replicas ${snapshot.minInsyncReplicas}  `}
        <Toned tone="accent" bold>{`acks=${acksName(acks)}`}</Toned>
      </Text>
      <Toned tone="muted">{`  broker role       LEO   HW  ISR  log (${glyphs.committed} committed ${glyphs.uncommitted} above HW)`}</Toned>
      {snapshot.brokers.map((broker) => {
        const { glyph, tone } = brokerGlyph(broker);
        const selected = broker.id === selectedBroker;
        return (
          <Text key={broker.id} wrap="truncate-end">
            <Toned tone="selected" inverse={selected}>{selected ? glyphs.pointer : ' '}</Toned>
            <Toned tone={tone}>{` ${glyph} ${String(broker.id).padEnd(5)}${broker.role.padEnd(9)}`}</Toned>
            {broker.up ? `${String(broker.logEndOffset).padStart(5)}${String(broker.highWatermark).padStart(5)}  ` : ' '.repeat(12)}
            {broker.up ? (broker.inIsr ? glyphs.passed : glyphs.failed) : ' '}
            {'    '}
            {broker.up ? logCells(broker, cells) : ''}
            {broker.stalled ? <Toned tone="warning"> stalled</Toned> : null}
          </Text>
        );
      })}
      {unfencedLeader ? (
        <Toned tone="warning" wrap="truncate-end">
          {`  broker ${snapshot.leader} is down, still leader until fenced: broker.session.timeout.ms ${defaultControllerConfig.brokerSessionTimeoutMs / 1000} s`}
        </Toned>
      ) : (
        <Text> </Text>
      )}
      <Text wrap="truncate-end">
        <Toned tone="accent">Records</Toned>
        <Toned tone="muted">{`  ${RECORDS_LEGEND}`}</Toned>
      </Text>
      {records.length === 0 && <Toned tone="muted">  none yet: p produces one with the acks shown above</Toned>}
      {records.map((record) => {
        const { glyph, tone, text } = describeRecord(record);
        return (
          <Text key={record.value} wrap="truncate-end">
            <Toned tone={tone}>{`  ${glyph} ${record.value.padEnd(4)} acks=${acksName(record.acks).padEnd(4)}`}</Toned>
            {text}
          </Text>
        );
      })}
    </Box>
  );
}
