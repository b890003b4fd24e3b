/**
 * A scenario is a small script of a cluster and what happens to it: how many brokers, which topics,
 * which clients, and a timeline of writes and faults. Tests, labs, the tutor and
 * `npm run kafka -- scenario` share them. The syntax, one statement a line (`#` starts a comment):
 *
 *   description Leader crash with acks=all: nothing acknowledged is lost
 *   seed 7
 *   brokers 3
 *   network delay=1..10ms loss=0
 *   broker replica.lag.time.max.ms=30000
 *   controller broker.session.timeout.ms=9000
 *   topic orders partitions=3 replication-factor=3 min.insync.replicas=2
 *   topic audit replica-assignment=1:2:3,2:3:1      (fixed placement: partition 0 led by broker 1)
 *   producer p1 acks=all linger.ms=5
 *   consumer c1 topic=orders auto.offset.reset=earliest
 *   consumer c2 topic=orders group=billing partition.assignment.strategy=range   (a group member)
 *   at 100ms produce p1 topic=orders count=20 key=user-{i} value=order-{i} every=10ms
 *   at 1200ms crash broker-1
 *   at 15s restart broker-1
 *   run 30s
 *
 * Time 0 is the moment the cluster is ready (brokers registered, topics created, leaders elected);
 * the set-up before it shows in the trace at negative times.
 */
import type { BrokerConfig, ControllerConfig, TopicConfig } from '../../kafka/config.js';
import type { GroupCoordinatorConfig } from '../../kafka/group/coordinator-config.js';
import type { NodeId } from '../../kafka/ids.js';
import type { NetworkOptions } from '../network.js';

export interface ProducerSpec {
  readonly id: NodeId;
  /** 1-based line of its statement, for messages. */
  readonly line: number;
  readonly acks: 0 | 1 | -1;
  readonly lingerMs?: number;
  readonly batchSize?: number;
  readonly deliveryTimeoutMs?: number;
  readonly requestTimeoutMs?: number;
  readonly retries?: number;
  readonly keylessPartitioning?: 'built-in-sticky' | 'legacy-round-robin';
}

export interface ConsumerSpec {
  readonly id: NodeId;
  readonly line: number;
  readonly topic: string;
  readonly autoOffsetReset: 'earliest' | 'latest';
  /** group.id: a group consumer (subscribe) instead of one that reads every partition by assign. */
  readonly group?: string;
  /** partition.assignment.strategy: range, roundrobin or cooperative-sticky. */
  readonly assignor?: string;
  /** group.protocol: classic or consumer (KIP-848). */
  readonly protocol?: 'classic' | 'consumer';
  readonly sessionTimeoutMs?: number;
  readonly heartbeatIntervalMs?: number;
  readonly maxPollIntervalMs?: number;
  /** When processed records are committed: auto (enable.auto.commit), after-poll, manual. */
  readonly commit?: 'auto' | 'after-poll' | 'manual';
}

export interface TopicSpec {
  readonly name: string;
  readonly line: number;
  readonly partitions: number;
  readonly replicationFactor: number;
  readonly config: Partial<TopicConfig>;
  /** Fixed placement (replica-assignment=1:2:3,2:3:1), so a script can name its leaders whatever the seed. */
  readonly replicaAssignment: ReadonlyArray<readonly number[]> | undefined;
}

/** `{i}` in a template is replaced by the record's number, 0-based. */
export type Template = string;

export type ScenarioAction =
  | {
      readonly type: 'produce';
      readonly producer: NodeId;
      readonly topic: string;
      readonly count: number;
      /** null: records without a key (sticky partitioning). */
      readonly key: Template | null;
      readonly value: Template;
      readonly everyMs: number;
      readonly partition: number | undefined;
    }
  | { readonly type: 'crash'; readonly node: NodeId }
  | { readonly type: 'restart'; readonly node: NodeId }
  | { readonly type: 'isolate'; readonly node: NodeId }
  | { readonly type: 'partition'; readonly sideA: readonly NodeId[]; readonly sideB: readonly NodeId[] }
  | { readonly type: 'heal' }
  | { readonly type: 'elect-preferred-leaders'; readonly topic: string | undefined }
  | { readonly type: 'commit'; readonly consumer: NodeId }
  /** Group consumers: subscribe (a group consumer named here joins then, not at time 0), leave, stop polling for a while. */
  | { readonly type: 'subscribe'; readonly consumer: NodeId }
  | { readonly type: 'leave'; readonly consumer: NodeId }
  | { readonly type: 'stall'; readonly consumer: NodeId; readonly durationMs: number };

export interface TimelineEntry {
  readonly atMs: number;
  /** 1-based line in the script, for messages. */
  readonly line: number;
  readonly action: ScenarioAction;
}

export interface Scenario {
  readonly name: string;
  readonly description: string;
  readonly seed: number | undefined;
  readonly brokers: number;
  readonly network: Partial<NetworkOptions>;
  readonly broker: Partial<BrokerConfig>;
  readonly controller: Partial<ControllerConfig>;
  /** The `group-coordinator` statement: offsets.topic.num.partitions, group.initial.rebalance.delay.ms, ... */
  readonly groupCoordinator?: Partial<GroupCoordinatorConfig>;
  readonly topics: readonly TopicSpec[];
  readonly producers: readonly ProducerSpec[];
  readonly consumers: readonly ConsumerSpec[];
  readonly timeline: readonly TimelineEntry[];
  readonly runMs: number;
}

/** Limits, so a typo cannot make a run that never ends. */
export const scenarioLimits = {
  maxBrokers: 16,
  maxPartitions: 256,
  maxRecordsPerProduce: 100_000,
  maxRunMs: 3_600_000,
} as const;

export function fillTemplate(template: Template, index: number): string {
  return template.replaceAll('{i}', String(index));
}
