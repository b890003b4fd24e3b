/**
 * Plain-text traces: one readable line per event, for golden files, lessons, failing tests and
 * terminals without a TUI.
 *
 *     1200ms broker-1     log.appended orders-0 offsets 5..9 epoch 3 (leader)
 *
 * The common Kafka and simulator events have a hand-written sentence; any other event (a type added
 * later) falls back to its type and its remaining fields as key=value, so it always prints something
 * sensible. Typed events stay the source of truth; this text is only a rendering of them.
 */
import { errorName } from '../kafka/errors.js';
import type { SimTraceEvent } from './sim-events.js';

const TIME_WIDTH = 6;
const NODE_WIDTH = 12;
const VALUES_SHOWN_MAX = 5;

/** One line: time, node, type, then the event's details. */
export function formatEvent(event: SimTraceEvent): string {
  const time = `${String(event.at).padStart(TIME_WIDTH)}ms`;
  const details = describeEvent(event);
  const line = `${time} ${event.node.padEnd(NODE_WIDTH)} ${event.type}`;
  return details === '' ? line : `${line} ${details}`;
}

/** One line per event, newline-terminated (empty string for an empty trace). */
export function formatTrace(events: Iterable<SimTraceEvent>): string {
  let text = '';
  for (const event of events) text += `${formatEvent(event)}\n`;
  return text;
}

/** The details part of a line (everything after the type). */
export function describeEvent(event: SimTraceEvent): string {
  switch (event.type) {
    // --- producer ---
    case 'produce.partitioned': {
      const how = event.reason === 'key' ? `by key (murmur2 ${event.murmur2})` : event.reason;
      return `${partitionOf(event)} key=${quoteKey(event.key)} value=${JSON.stringify(event.value)} ${how}`;
    }
    case 'produce.sent':
      return (
        `${partitionOf(event)} to broker ${event.broker}: ${plural(event.records, 'record')} ` +
        `acks=${acksName(event.acks)} attempt ${event.attempt}`
      );
    case 'produce.acknowledged':
      return `${partitionOf(event)} ${offsetRange(event.baseOffset, event.values.length)} acks=${acksName(event.acks)} ${valuesList(event.values)}`;
    case 'produce.failed':
      return (
        `${partitionOf(event)} ${errorName(event.error)} ${valuesList(event.values)}` +
        (event.willRetry ? ' (will retry)' : ' (giving up)')
      );
    // --- broker ---
    case 'produce.rejected':
      return `${partitionOf(event)} ${errorName(event.error)} ${plural(event.records, 'record')}`;
    case 'log.appended':
      return `${partitionOf(event)} offsets ${event.baseOffset}..${event.lastOffset} epoch ${event.leaderEpoch} (${event.role})`;
    case 'log.truncated':
      return `${partitionOf(event)} LEO ${event.fromLogEndOffset} -> ${event.toOffset} (diverging epoch ${event.divergingEpoch})`;
    case 'replica.fetched':
      return (
        `${partitionOf(event)} follower ${event.follower} from leader ${event.leader} at offset ${event.fetchOffset}: ` +
        `${plural(event.records, 'record')}, HW ${event.highWatermark}`
      );
    case 'hw.advanced':
      return `${partitionOf(event)} HW ${event.from} -> ${event.to} epoch ${event.leaderEpoch} (${event.role})`;
    case 'hw.lowered':
      return `${partitionOf(event)} HW ${event.from} -> ${event.to} epoch ${event.leaderEpoch} (follower: the new leader's HW is lower)`;
    case 'produce.completed':
      return `${partitionOf(event)} ${errorName(event.error)} base offset ${event.baseOffset} acks=${acksName(event.acks)}`;
    case 'isr.change.proposed':
      return `${partitionOf(event)} leader ${event.leader} proposes ISR ${brokers(event.proposedIsr)} (was ${brokers(event.isr)})`;
    case 'isr.shrunk':
      return `${partitionOf(event)} ISR ${brokers(event.isr)} (removed ${brokers(event.removed)}) partition epoch ${event.partitionEpoch}`;
    case 'isr.expanded':
      return `${partitionOf(event)} ISR ${brokers(event.isr)} (added ${brokers(event.added)}) partition epoch ${event.partitionEpoch}`;
    case 'replica.became-leader':
    case 'replica.became-follower':
      return `${partitionOf(event)} leader ${event.leader} epoch ${event.leaderEpoch} LEO ${event.logEndOffset}`;
    // --- controller ---
    case 'topic.created':
      return `${event.topic} partitions=${event.numPartitions} replicationFactor=${event.replicationFactor}`;
    case 'leader.elected':
      return (
        `${partitionOf(event)} leader ${event.leader} (was ${event.previousLeader}) epoch ${event.leaderEpoch} ` +
        `ISR ${brokers(event.isr)} (${event.reason})`
      );
    case 'partition.offline':
      return `${partitionOf(event)} no leader (was ${event.previousLeader}) epoch ${event.leaderEpoch} ISR ${brokers(event.isr)}`;
    case 'broker.registered':
      return `broker ${event.broker} epoch ${event.brokerEpoch}`;
    case 'broker.fenced':
      return `broker ${event.broker} (${event.reason})`;
    case 'broker.unfenced':
      return `broker ${event.broker}`;
    // --- consumer ---
    case 'consumer.fetched':
      return `${partitionOf(event)} from offset ${event.fromOffset}: ${valuesList(event.values)} HW ${event.highWatermark}`;
    case 'consumer.polled':
      return `${partitionOf(event)} from offset ${event.fromOffset}: ${plural(event.values.length, 'record')} to the application ${valuesList(event.values)}`;
    case 'consumer.committed':
      return `${partitionOf(event)} offset ${event.offset}`;
    case 'input.rejected':
      return event.reason;
    // --- the simulator ---
    case 'node.crashed':
    case 'node.restarted':
    case 'network.isolated':
    case 'network.healed':
      return '';
    case 'network.partitioned':
      return `${nodes(event.groups[0])} | ${nodes(event.groups[1])}`;
    case 'network.link-blocked':
      return `${event.from} -> ${event.to}`;
    case 'message.dropped':
      return `${event.messageType} ${event.from} -> ${event.to} (${event.reason})`;
    case 'message.duplicated':
      return `${event.messageType} ${event.from} -> ${event.to}`;
    case 'message.sent':
      return `${event.messageType} ${event.from} -> ${event.to} arrives at ${event.deliverAt}ms`;
    case 'message.delivered':
      return `${event.messageType} from ${event.from}`;
    case 'command.dropped':
      return `(${event.reason})`;
    case 'scenario.action':
      return event.label;
    default:
      return describeGeneric(event);
  }
}

/** Any event: its fields other than type, at and node, as key=value. */
export function describeGeneric(event: object): string {
  const parts: string[] = [];
  for (const [key, value] of Object.entries(event)) {
    if (key === 'type' || key === 'at' || key === 'node' || value === undefined) continue;
    parts.push(`${key}=${formatValue(value)}`);
  }
  return parts.join(' ');
}

function formatValue(value: unknown): string {
  if (typeof value === 'string') return /^[\w.:/@-]+$/.test(value) ? value : JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  if (value === null) return 'null';
  if (Array.isArray(value)) return `[${value.map(formatValue).join(',')}]`;
  if (value instanceof Map) return `{${[...value].map(([k, v]) => `${formatValue(k)}:${formatValue(v)}`).join(',')}}`;
  if (value instanceof Set) return `{${[...value].map(formatValue).join(',')}}`;
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

/** "orders-2"; a record that failed before it had a partition (partition -1) shows as "orders (no partition)". */
function partitionOf(event: { readonly topic: string; readonly partition: number }): string {
  return event.partition < 0 ? `${event.topic} (no partition)` : `${event.topic}-${event.partition}`;
}

function acksName(acks: number): string {
  return acks === -1 ? 'all' : String(acks);
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

function quoteKey(key: string | null): string {
  return key === null ? 'null' : JSON.stringify(key);
}

function brokers(ids: readonly number[]): string {
  return `[${ids.join(',')}]`;
}

function nodes(ids: readonly string[]): string {
  return `[${ids.join(', ')}]`;
}

/** "offsets 5..7", "offset 5", or "offsets unknown" (acks=0 reports baseOffset -1). */
function offsetRange(baseOffset: number, count: number): string {
  if (baseOffset < 0) return 'offsets unknown';
  if (count <= 1) return `offset ${baseOffset}`;
  return `offsets ${baseOffset}..${baseOffset + count - 1}`;
}

/** At most a few values, quoted, then how many more. */
function valuesList(values: readonly string[]): string {
  const shown = values.slice(0, VALUES_SHOWN_MAX).map((value) => JSON.stringify(value));
  const more = values.length - shown.length;
  return `[${shown.join(', ')}${more > 0 ? `, +${more} more` : ''}]`;
}
