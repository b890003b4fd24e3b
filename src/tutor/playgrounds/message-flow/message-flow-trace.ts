/**
 * The path of one message, taken from the simulator's trace: `send("orders", key "user-456")` on a
 * 3-broker cluster (acks=all, min.insync.replicas=2), followed until a consumer's poll() returns
 * it. Every hop is a real trace event of that run, picked because it concerns this record (its
 * partition and offset, or its producer's and the leader's messages); none is written by hand.
 */
import { createConsumer } from '../../../kafka/client/consumer.js';
import { createProducer } from '../../../kafka/client/producer.js';
import { brokerNode, type NodeId } from '../../../kafka/ids.js';
import { KafkaCluster } from '../../../sim/cluster/kafka-cluster.js';
import type { SimTraceEvent } from '../../../sim/sim-events.js';

export const FLOW_TOPIC = 'orders';
export const FLOW_KEY = 'user-456';
export const FLOW_VALUE = 'order-1';
export const FLOW_PRODUCER = 'producer';
export const FLOW_CONSUMER = 'consumer';
const FLOW_PARTITIONS = 3;
/** The run stops here even if the record never reached the consumer (a limit on everything). */
const FLOW_LIMIT_MS = 10_000;

export interface Hop {
  /** Virtual milliseconds since send(). */
  readonly atMs: number;
  readonly event: SimTraceEvent;
  /** The node the record (or the message about it) is at after this hop. */
  readonly node: NodeId;
}

export interface MessageFlow {
  readonly seed: number;
  readonly partition: number;
  readonly offset: number;
  readonly leader: number;
  readonly followers: readonly number[];
  readonly hops: readonly Hop[];
  /** True when the consumer's poll() returned the record within the limit. */
  readonly delivered: boolean;
}

export function traceOneMessage(seed: number): MessageFlow {
  const cluster = new KafkaCluster({ seed, brokers: 3, traceMessages: true });
  cluster.start();
  cluster.createTopic(FLOW_TOPIC, FLOW_PARTITIONS, 3, { minInsyncReplicas: 2 });
  const ready = cluster.sim.runUntilCondition(
    () => Array.from({ length: FLOW_PARTITIONS }, (_, partition) => cluster.leaderLog(FLOW_TOPIC, partition)).every((log) => log !== undefined),
    10_000,
  );
  if (!ready) throw new Error(`the message-flow cluster had no leaders after 10 s (seed=${seed})`);
  const bootstrap = cluster.brokerIds.map(brokerNode);
  const producer = createProducer(FLOW_PRODUCER, { bootstrap, acks: 'all' });
  cluster.sim.addNode(FLOW_PRODUCER, producer.machine, producer.initialState);
  const consumer = createConsumer(FLOW_CONSUMER, { bootstrap, autoOffsetReset: 'earliest', pollIntervalMs: 100 });
  cluster.sim.addNode(FLOW_CONSUMER, consumer.machine, consumer.initialState);
  cluster.sim.command(FLOW_CONSUMER, {
    type: 'assign',
    partitions: Array.from({ length: FLOW_PARTITIONS }, (_, partition) => ({ topic: FLOW_TOPIC, partition })),
  });
  cluster.runFor(500); // the consumer finds its positions before the record exists

  const events: SimTraceEvent[] = [];
  const stop = cluster.sim.onEvent((event) => events.push(event));
  const sentAt = cluster.now;
  cluster.sim.command(FLOW_PRODUCER, { type: 'send', topic: FLOW_TOPIC, key: FLOW_KEY, value: FLOW_VALUE });
  const delivered = cluster.sim.runUntilCondition(
    () => events.some((event) => event.type === 'consumer.polled' && event.values.includes(FLOW_VALUE)),
    FLOW_LIMIT_MS,
  );
  stop();
  return { seed, delivered, ...pickHops(events, sentAt) };
}

/** The events of the run that are about this one record, in order. */
export function pickHops(events: readonly SimTraceEvent[], sentAt: number): Omit<MessageFlow, 'seed' | 'delivered'> {
  const partitioned = events.find((event) => event.type === 'produce.partitioned' && event.value === FLOW_VALUE);
  if (partitioned === undefined || partitioned.type !== 'produce.partitioned') throw new Error('the record was never partitioned');
  const partition = partitioned.partition;
  const onPartition = (event: SimTraceEvent) => 'topic' in event && event.topic === FLOW_TOPIC && 'partition' in event && event.partition === partition;
  const leaderAppend = events.find((event) => event.type === 'log.appended' && event.role === 'leader' && onPartition(event));
  const offset = leaderAppend?.type === 'log.appended' ? leaderAppend.baseOffset : 0;
  const leader = leaderAppend?.type === 'log.appended' ? leaderAppend.broker : -1;
  const followers = new Set<number>();
  const hops: Hop[] = [];
  let produceRequestSeen = false;
  let produceResponseSeen = false;
  for (const event of events) {
    const hop = (node: NodeId) => hops.push({ atMs: event.at - sentAt, event, node });
    switch (event.type) {
      case 'produce.partitioned':
        if (event.value === FLOW_VALUE) hop(event.node);
        break;
      case 'produce.sent':
        if (onPartition(event) && !produceRequestSeen) hop(event.node);
        break;
      case 'message.delivered':
        if (event.messageType === 'ProduceRequest' && event.from === FLOW_PRODUCER && !produceRequestSeen) {
          produceRequestSeen = true;
          hop(event.to);
        } else if (event.messageType === 'ProduceResponse' && event.to === FLOW_PRODUCER && !produceResponseSeen && produceRequestSeen) {
          produceResponseSeen = true;
          hop(event.to);
        }
        break;
      case 'log.appended':
        if (onPartition(event) && event.baseOffset <= offset && offset <= event.lastOffset) {
          if (event.role === 'follower') followers.add(event.broker);
          hop(event.node);
        }
        break;
      case 'replica.fetched':
        if (onPartition(event) && event.records > 0 && event.fetchOffset <= offset) hop(brokerNode(event.follower));
        break;
      case 'hw.advanced':
        if (onPartition(event) && event.from <= offset && offset < event.to) hop(event.node);
        break;
      case 'produce.completed':
        if (onPartition(event) && event.baseOffset <= offset) hop(event.node);
        break;
      case 'produce.acknowledged':
      case 'consumer.fetched':
      case 'consumer.polled':
        if (event.values.includes(FLOW_VALUE)) hop(event.node);
        break;
      default:
        break;
    }
  }
  return { partition, offset, leader, followers: [...followers].sort(), hops };
}

/** What each kind of hop means, in the lesson's words. */
export function explainHop(hop: Hop, flow: Pick<MessageFlow, 'offset' | 'partition'>): string {
  const { event } = hop;
  switch (event.type) {
    case 'produce.partitioned':
      return `send() picks the partition: toPositive(murmur2("${FLOW_KEY}")) % 3 = ${event.partition}. The record waits in the accumulator's batch for orders-${event.partition}.`;
    case 'produce.sent':
      return `The sender drains the batch into a ProduceRequest to broker ${event.broker}, the partition's leader, with acks=all.`;
    case 'message.delivered':
      return event.messageType === 'ProduceRequest'
        ? `The ProduceRequest crosses the network and arrives at ${event.to}.`
        : `The ProduceResponse arrives back at the producer.`;
    case 'log.appended':
      return event.role === 'leader'
        ? `The leader checks min.insync.replicas against the ISR, then appends the record at offset ${flow.offset}. With acks=all the request now waits in purgatory.`
        : `Follower broker ${event.broker} appends the same record at the same offset ${flow.offset}, with the leader's epoch.`;
    case 'replica.fetched':
      return `Follower broker ${event.follower} fetches from offset ${event.fetchOffset} and receives the record: replication is a pull.`;
    case 'hw.advanced':
      return event.role === 'leader'
        ? `Every replica in the ISR has offset ${flow.offset}: the leader moves the high watermark ${event.from} → ${event.to}. The record is committed.`
        : `Follower broker ${event.broker} learns the high watermark ${event.to} from a fetch response.`;
    case 'produce.completed':
      return `The committed record completes the waiting request: the leader answers the producer.`;
    case 'produce.acknowledged':
      return `The producer's callback fires: acknowledged at orders-${event.partition} offset ${event.baseOffset}.`;
    case 'consumer.fetched':
      return `The consumer's fetch returns records below the high watermark only; this one is now in its fetch buffer.`;
    case 'consumer.polled':
      return `poll() hands the record to the application; the consumer's position moves past offset ${flow.offset}.`;
    default:
      return '';
  }
}
