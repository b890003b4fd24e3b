/**
 * Drawing of the consumer-groups playground from a snapshot: the group's state, generation, leader
 * and assignor (from the coordinator), the table partition → owner with committed offset and lag,
 * each consumer with what it owns (idle ones shown idle), and the group's recent trace.
 */
import { Box, Text } from 'ink';
import { errorName } from '../../../kafka/errors.js';
import type { GroupProtocol } from '../../../kafka/client/group-consumer-config.js';
import { formatEvent } from '../../../sim/trace-format.js';
import type { SimTraceEvent } from '../../../sim/sim-events.js';
import { Toned } from '../../components/toned.js';
import { glyphs, type Tone } from '../../theme/theme.js';
import { consumerOfMember, GROUP_ID, GROUP_TOPIC, SESSION_TIMEOUT_MS, type GroupStateName, type ConsumerSnapshot, type GroupsSnapshot, type PartitionSnapshot } from './groups-simulation.js';

/** A glyph and a tone for every group state (colour is never the only signal). */
export const GROUP_STATE_LOOK: Readonly<Record<GroupStateName | 'unknown', { glyph: string; tone: Tone; meaning: string }>> = {
  unknown: { glyph: glyphs.notStarted, tone: 'muted', meaning: 'the coordinator has not heard of the group yet' },
  Empty: { glyph: glyphs.notStarted, tone: 'muted', meaning: 'no members (committed offsets are kept)' },
  PreparingRebalance: { glyph: '⟳', tone: 'pending', meaning: 'waiting for every member to rejoin (JoinGroup)' },
  CompletingRebalance: { glyph: '⇄', tone: 'warning', meaning: "waiting for the leader's assignment (SyncGroup)" },
  Assigning: { glyph: '⇄', tone: 'warning', meaning: 'the group epoch moved: the coordinator computes a new target' },
  Reconciling: { glyph: '⟳', tone: 'pending', meaning: 'members revoke, then receive, one heartbeat at a time' },
  Stable: { glyph: glyphs.passed, tone: 'passed', meaning: 'every partition has one owner; members heartbeat' },
};

/** Rows the view takes above the trace, for `consumerRows` consumers listed. */
export function groupsViewRows(consumerRows: number): number {
  return 2 + 1 + 1 + 4 + 1 + 1 + Math.max(1, consumerRows);
}

const JOINING_TEXT: Partial<Record<string, string>> = {
  idle: 'starting…',
  metadata: 'reading metadata…',
  'find-coordinator': 'finding the coordinator…',
  join: 'JoinGroup sent, waiting…',
  sync: 'SyncGroup sent, waiting…',
};

function consumerLook(consumer: ConsumerSnapshot, partitions: readonly PartitionSnapshot[]): { glyph: string; tone: Tone; text: string } {
  if (consumer.status === 'crashed') {
    return consumer.inGroup
      ? { glyph: glyphs.down, tone: 'down', text: `crashed; still a member: session expires in ${((consumer.sessionExpiresInMs ?? 0) / 1000).toFixed(1)} s` }
      : { glyph: glyphs.down, tone: 'down', text: 'crashed; removed by the session timeout' };
  }
  if (consumer.status === 'left') return { glyph: glyphs.notStarted, tone: 'muted', text: 'left the group (LeaveGroup)' };
  if (consumer.status === 'joining') return { glyph: glyphs.running, tone: 'pending', text: JOINING_TEXT[consumer.phase ?? 'idle'] ?? 'joining…' };
  // Assigned by the coordinator but not yet its own (KIP-848: until the previous owner releases it).
  const waiting = partitions.filter((row) => row.assignedTo === consumer.id && !consumer.owned.includes(row.partition)).map((row) => `${GROUP_TOPIC}-${row.partition}`);
  const waitingText = waiting.length === 0 ? '' : `waiting for ${waiting.join(' ')}`;
  if (consumer.owned.length === 0) {
    return waiting.length === 0 ? { glyph: glyphs.outOfSync, tone: 'outOfSync', text: 'idle: no partition' } : { glyph: glyphs.running, tone: 'pending', text: waitingText };
  }
  const owned = consumer.owned.map((p) => `${GROUP_TOPIC}-${p}`).join(' ');
  return { glyph: consumer.leader ? glyphs.leader : glyphs.follower, tone: consumer.leader ? 'leader' : 'follower', text: waiting.length === 0 ? owned : `${owned}, ${waitingText}` };
}

function ownerCell(row: PartitionSnapshot, consumers: readonly ConsumerSnapshot[]): { glyph: string; tone: Tone; text: string } {
  if (row.consumers.length > 1) return { glyph: glyphs.lost, tone: 'failed', text: `TWO OWNERS ${row.consumers.join(',')}` };
  const owner = row.consumers[0];
  if (owner !== undefined) return { glyph: glyphs.follower, tone: 'follower', text: owner };
  const assigned = consumers.find((consumer) => consumer.id === row.assignedTo);
  if (assigned?.status === 'crashed') return { glyph: glyphs.down, tone: 'down', text: `${assigned.id} (crashed)` };
  return { glyph: glyphs.outOfSync, tone: 'outOfSync', text: 'nobody' };
}

const partitionList = (partitions: readonly string[]): string => (partitions.length === 0 ? 'nothing' : partitions.join(' '));
const shortAssignment = (assignment: Readonly<Record<string, readonly string[]>>, name: (memberId: string) => string): string =>
  Object.entries(assignment)
    .map(([member, partitions]) => `${name(member)}=${partitions.map((tp) => tp.slice(tp.lastIndexOf('-') + 1)).join(',') || '-'}`)
    .join(' ');

/** What a group event says, in a few words; members named by their consumer. */
function describeGroupEvent(event: SimTraceEvent, name: (memberId: string) => string, protocol: GroupProtocol): string {
  // KIP-848 counts member epochs where the classic protocol counts generations.
  const round = protocol === 'classic' ? 'generation' : 'epoch';
  switch (event.type) {
    case 'group.member-joined':
      return `${name(event.memberId)} joins`;
    case 'group.rebalance-started':
      return `rebalance: ${event.reason.replace(UUID, '')}`;
    case 'group.member-removed':
      return `${name(event.memberId)} removed (${event.reason})`;
    case 'group.rebalanced':
      return `generation ${event.generationId}: leader ${event.leader === null ? 'none' : name(event.leader)}, ${event.protocol ?? 'no'} assignor, ${event.members.length} members`;
    case 'group.stable':
      return `generation ${event.generationId} stable: ${shortAssignment(event.assignment, name)}`;
    case 'consumer.joined':
      return `joined generation ${event.generationId}${event.leader ? ' as leader' : ''}`;
    case 'consumer.partitions-assigned':
      return event.partitions.length === 0 ? `gets nothing new (${round} ${event.generationId})` : `gets ${partitionList(event.partitions)} (${round} ${event.generationId})`;
    case 'consumer.partitions-revoked':
      return `gives up ${partitionList(event.partitions)}`;
    case 'consumer.group-error':
      return `${event.api}: ${errorName(event.error)}`;
    case 'group.epoch-bumped':
      return `group epoch ${event.groupEpoch}: target ${shortAssignment(event.target, name)}`;
    case 'group.member-reconciled':
      return `${name(event.memberId)} epoch ${event.memberEpoch} ${event.state}${event.revoking.length > 0 ? `, revoking ${partitionList(event.revoking)}` : ''}`;
    case 'node.crashed':
      return 'crashed (no LeaveGroup)';
    default:
      return formatEvent(event).replace(UUID_GLOBAL, '').replace(`groupId=${GROUP_ID} `, '');
  }
}

const UUID = /-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/;
const UUID_GLOBAL = new RegExp(UUID.source, 'g');

/** " 63180ms broker-1 generation 4 stable: c3=0,1,2,3". */
export function groupEventLine(event: SimTraceEvent, names: ReadonlyMap<string, string> = new Map(), protocol: GroupProtocol = 'classic'): string {
  const name = (memberId: string): string => names.get(memberId) ?? consumerOfMember(memberId);
  return `${String(event.at).padStart(6)}ms ${event.node.padEnd(9)}${describeGroupEvent(event, name, protocol)}`;
}

interface GroupsViewProps {
  readonly snapshot: GroupsSnapshot;
  readonly consumers: readonly ConsumerSnapshot[];
  readonly selected: string | undefined;
}

export function GroupsView({ snapshot, consumers, selected }: GroupsViewProps) {
  const look = GROUP_STATE_LOOK[snapshot.state ?? 'unknown'];
  const waiting = snapshot.consumers.filter((consumer) => consumer.status === 'crashed' && consumer.inGroup).map((consumer) => consumer.id);
  return (
    <Box flexDirection="column">
      <Text wrap="truncate-end">
        {`group ${GROUP_ID}  `}
        <Toned tone={look.tone} bold>{`${look.glyph} ${snapshot.state ?? 'unknown'}`}</Toned>
        {snapshot.protocol === 'classic' ? `  generation ${snapshot.generation}  leader ${snapshot.leader ?? 'none'}` : `  group epoch ${snapshot.generation}  KIP-848: no leader`}
      </Text>
      <Toned tone={waiting.length > 0 ? 'warning' : 'muted'} wrap="truncate-end">
        {waiting.length > 0 ? `  ${waiting.join(', ')} crashed, no LeaveGroup: the coordinator waits session.timeout.ms=${SESSION_TIMEOUT_MS / 1000}s` : `  ${look.meaning}`}
      </Toned>
      <Text> </Text>
      <Toned tone="muted">{'  partition  owner now          assigned   committed   end   lag'}</Toned>
      {snapshot.partitions.map((row) => {
        const owner = ownerCell(row, snapshot.consumers);
        return (
          <Text key={row.partition} wrap="truncate-end">
            {`  ${`${GROUP_TOPIC}-${row.partition}`.padEnd(11)}`}
            <Toned tone={owner.tone}>{`${owner.glyph} ${owner.text}`.padEnd(19)}</Toned>
            {(row.assignedTo ?? '-').padEnd(11)}
            {String(row.committed ?? '-').padStart(9)}
            {String(row.logEndOffset).padStart(6)}
            {String(row.lag ?? '-').padStart(6)}
          </Text>
        );
      })}
      <Text> </Text>
      <Text wrap="truncate-end">
        <Toned tone="accent">{`Consumers (${snapshot.consumers.filter((c) => c.status === 'member' || c.status === 'joining').length} running)  `}</Toned>
        {snapshot.protocol === 'classic' ? 'partition.assignment.strategy=' : 'group.remote.assignor='}
        <Toned tone="accent" bold>{snapshot.assignor}</Toned>
      </Text>
      {consumers.map((consumer) => {
        const { glyph, tone, text } = consumerLook(consumer, snapshot.partitions);
        const isSelected = consumer.id === selected;
        return (
          <Text key={consumer.id} wrap="truncate-end">
            <Toned tone="selected" inverse={isSelected}>{isSelected ? glyphs.pointer : ' '}</Toned>
            <Toned tone={tone}>{` ${glyph} ${consumer.id.padEnd(4)}`}</Toned>
            {`${consumer.leader ? 'leader' : consumer.inGroup ? 'member' : ''}`.padEnd(8)}
            {consumer.generationId >= 0 && consumer.status !== 'crashed' ? `${snapshot.protocol === 'classic' ? 'gen' : 'epoch'} ${consumer.generationId}`.padEnd(9) : ' '.repeat(9)}
            <Toned tone={tone}>{text}</Toned>
          </Text>
        );
      })}
    </Box>
  );
}

