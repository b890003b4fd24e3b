/**
 * The replication playground's cluster: 3 brokers, topic "orders" with one partition on brokers
 * 1, 2, 3 (broker 1 leads first), and three producers, one per acks setting (a real producer's acks
 * is fixed when it is created). The learner produces, crashes and restarts brokers, stalls a
 * follower's fetches and switches min.insync.replicas; the snapshot says which records were
 * acknowledged, which are committed and which were lost.
 *
 * Playground settings, so that things happen in seconds: replica.lag.time.max.ms=3000 (Kafka:
 * 30000), delivery.timeout.ms=10000 and request.timeout.ms=3000 (Kafka: 120000 and 30000). A topic's
 * min.insync.replicas is changed here by rebuilding the cluster from the same seed and replaying the
 * learner's actions; Kafka changes it live with kafka-configs (IncrementalAlterConfigs).
 * "Stall" drops a follower's fetch traffic: to the leader, a follower too slow to keep up and one
 * whose fetches never arrive look the same (no fetch reaching the log end within the lag time).
 */
import { createProducer } from '../../../kafka/client/producer.js';
import { acknowledged, failedRecords, pendingRecords, type ProducerState } from '../../../kafka/client/producer-state.js';
import { errorName } from '../../../kafka/errors.js';
import { brokerNode, type BrokerId } from '../../../kafka/ids.js';
import { entries, type PartitionLog } from '../../../kafka/log/partition-log.js';
import type { Acks } from '../../../kafka/protocol/messages.js';
import { KafkaCluster } from '../../../sim/cluster/kafka-cluster.js';
import { RecordedSimulation, type RecordedAction } from '../shared/recorded-simulation.js';

export const REPLICATION_TOPIC = 'orders';
export const REPLICA_LAG_TIME_MAX_MS = 3_000;
export const BROKER_IDS: readonly BrokerId[] = [1, 2, 3];
export const ACKS_SETTINGS: readonly Acks[] = [0, 1, -1];

export type ReplicationAction =
  | { readonly type: 'produce'; readonly acks: Acks; readonly value: string }
  | { readonly type: 'crash'; readonly broker: BrokerId }
  | { readonly type: 'restart'; readonly broker: BrokerId }
  | { readonly type: 'stall'; readonly broker: BrokerId }
  | { readonly type: 'resume'; readonly broker: BrokerId };

export function acksName(acks: Acks): string {
  return acks === -1 ? 'all' : String(acks);
}

export function producerFor(acks: Acks): string {
  return `producer-acks-${acksName(acks)}`;
}

export interface BrokerSnapshot {
  readonly id: BrokerId;
  readonly up: boolean;
  readonly role: 'leader' | 'follower' | 'down' | 'none';
  readonly logEndOffset: number;
  readonly highWatermark: number;
  readonly inIsr: boolean;
  readonly stalled: boolean;
  /** The values in this replica's log, in offset order. */
  readonly values: readonly string[];
}

export type RecordStatus =
  /** `retryingAfter`: the error of its last attempt, when the broker refused it and the producer retries. */
  | { readonly kind: 'pending'; readonly retryingAfter?: string }
  | { readonly kind: 'failed'; readonly reason: string; readonly lastError?: string }
  /** Acknowledged and in the leader's log below the high watermark. */
  | { readonly kind: 'committed'; readonly offset: number }
  /** Acknowledged, in the leader's log, but above the high watermark (possible with acks=0 or 1). */
  | { readonly kind: 'uncommitted'; readonly offset: number }
  /** Acknowledged, and the current leader's log does not hold it. */
  | { readonly kind: 'lost'; readonly offset: number; readonly found: string | undefined }
  /** Acknowledged, and no leader to ask: the partition is offline. */
  | { readonly kind: 'offline' };

export interface RecordSnapshot {
  readonly value: string;
  readonly acks: Acks;
  readonly status: RecordStatus;
}

export interface ReplicationSnapshot {
  readonly seed: number;
  readonly elapsedMs: number;
  readonly minInsyncReplicas: number;
  readonly leader: BrokerId;
  readonly leaderEpoch: number;
  readonly isr: readonly BrokerId[];
  readonly brokers: readonly BrokerSnapshot[];
  readonly records: readonly RecordSnapshot[];
}

export class ReplicationSimulation extends RecordedSimulation<ReplicationAction> {
  private readonly stalled = new Set<BrokerId>();
  private produced = 0;
  /** The error of each record's latest attempt that will be retried (produce.failed), by value. */
  private readonly lastErrors = new Map<string, string>();

  constructor(seed: number, readonly minInsyncReplicas: 1 | 2, script: readonly RecordedAction<ReplicationAction>[] = []) {
    super(seed, (clusterSeed) => buildCluster(clusterSeed, minInsyncReplicas), script);
    this.cluster.sim.onEvent((event) => {
      if (event.type === 'produce.failed' && event.willRetry) for (const value of event.values) this.lastErrors.set(value, errorName(event.error));
    });
  }

  produce(acks: Acks): void {
    this.act({ type: 'produce', acks, value: `v${this.produced + 1}` });
  }

  toggleCrash(broker: BrokerId): void {
    this.act({ type: this.cluster.sim.isUp(brokerNode(broker)) ? 'crash' : 'restart', broker });
  }

  toggleStall(broker: BrokerId): void {
    this.act({ type: this.stalled.has(broker) ? 'resume' : 'stall', broker });
  }

  protected perform(action: ReplicationAction): void {
    switch (action.type) {
      case 'produce':
        this.produced += 1;
        this.cluster.sim.command(producerFor(action.acks), { type: 'send', topic: REPLICATION_TOPIC, key: null, value: action.value, partition: 0 });
        return;
      case 'crash':
        if (this.cluster.sim.isUp(brokerNode(action.broker))) this.cluster.crashBroker(action.broker);
        return;
      case 'restart':
        if (!this.cluster.sim.isUp(brokerNode(action.broker))) this.cluster.restartBroker(action.broker);
        return;
      case 'stall':
        this.stalled.add(action.broker);
        this.cutBrokerLinks(action.broker);
        return;
      case 'resume':
        // The network heals all cut links at once; the brokers still stalled are cut again.
        this.stalled.delete(action.broker);
        this.cluster.sim.network.heal();
        for (const broker of this.stalled) this.cutBrokerLinks(broker);
        return;
    }
  }

  /** Cuts a broker's links to the other brokers (its link to the controller stays). */
  private cutBrokerLinks(broker: BrokerId): void {
    const network = this.cluster.sim.network;
    for (const other of BROKER_IDS) {
      if (other === broker) continue;
      network.block(brokerNode(broker), brokerNode(other));
      network.block(brokerNode(other), brokerNode(broker));
    }
  }

  snapshot(): ReplicationSnapshot {
    const partition = this.cluster.partition(REPLICATION_TOPIC, 0);
    const leader = partition?.leader ?? -1;
    const isr = partition?.isr ?? [];
    const logs = new Map(this.cluster.replicaLogs(REPLICATION_TOPIC, 0).map((replica) => [replica.brokerId, replica.log]));
    const brokers = BROKER_IDS.map((id): BrokerSnapshot => {
      const up = this.cluster.sim.isUp(brokerNode(id));
      const log = up ? logs.get(id) : undefined;
      const role = this.cluster.brokerState(id)?.replicas.get(`${REPLICATION_TOPIC}-0`)?.role;
      return {
        id,
        up,
        role: !up ? 'down' : (role ?? 'none'),
        logEndOffset: log?.logEndOffset ?? 0,
        highWatermark: log?.highWatermark ?? 0,
        inIsr: isr.includes(id),
        stalled: this.stalled.has(id),
        values: log === undefined ? [] : entries(log).map((entry) => entry.record.value),
      };
    });
    const leaderLog = leader >= 0 && this.cluster.sim.isUp(brokerNode(leader)) ? logs.get(leader) : undefined;
    return {
      seed: this.seed,
      elapsedMs: this.elapsedMs,
      minInsyncReplicas: this.minInsyncReplicas,
      leader,
      leaderEpoch: partition?.leaderEpoch ?? -1,
      isr,
      brokers,
      records: ACKS_SETTINGS.flatMap((acks) => recordsOf(this.cluster.sim.stateOf<ProducerState>(producerFor(acks)), acks, leaderLog, this.lastErrors)).sort(
        (a, b) => Number(a.value.slice(1)) - Number(b.value.slice(1)),
      ),
    };
  }
}

function recordsOf(state: ProducerState | undefined, acks: Acks, leaderLog: PartitionLog | undefined, lastErrors: ReadonlyMap<string, string>): RecordSnapshot[] {
  if (state === undefined) return [];
  const records: RecordSnapshot[] = [];
  for (const record of pendingRecords(state)) {
    const retryingAfter = lastErrors.get(record.value);
    records.push({ value: record.value, acks, status: retryingAfter === undefined ? { kind: 'pending' } : { kind: 'pending', retryingAfter } });
  }
  for (const record of failedRecords(state)) {
    const reason = record.error === undefined ? record.reason : errorName(record.error);
    const lastError = lastErrors.get(record.value);
    records.push({ value: record.value, acks, status: lastError === undefined || lastError === reason ? { kind: 'failed', reason } : { kind: 'failed', reason, lastError } });
  }
  for (const record of acknowledged(state)) records.push({ value: record.value, acks, status: statusInLog(record.value, record.offset, leaderLog) });
  return records;
}

/** Where an acknowledged record stands in the current leader's log. acks=0 gives no offset: look for the value. */
export function statusInLog(value: string, offset: number, leaderLog: PartitionLog | undefined): RecordStatus {
  if (leaderLog === undefined) return { kind: 'offline' };
  const values = entries(leaderLog).map((entry) => entry.record.value);
  const at = offset >= 0 ? offset : values.indexOf(value);
  if (at < 0 || values[at] !== value) return { kind: 'lost', offset, found: offset >= 0 ? values[offset] : undefined };
  return at < leaderLog.highWatermark ? { kind: 'committed', offset: at } : { kind: 'uncommitted', offset: at };
}

function buildCluster(seed: number, minInsyncReplicas: number): KafkaCluster {
  const cluster = new KafkaCluster({ seed, brokers: BROKER_IDS.length, broker: { replicaLagTimeMaxMs: REPLICA_LAG_TIME_MAX_MS }, maxTraceEvents: 20_000 });
  cluster.start();
  cluster.createTopic(REPLICATION_TOPIC, 1, 3, { minInsyncReplicas }, [[1, 2, 3]]);
  const ready = cluster.sim.runUntilCondition(() => {
    const leader = cluster.brokerState(1)?.replicas.get(`${REPLICATION_TOPIC}-0`);
    return leader?.role === 'leader' && [...leader.followers.values()].every((progress) => progress.logEndOffset >= 0);
  }, 10_000);
  if (!ready) throw new Error(`the replication playground's partition had no leader after 10 s (seed=${seed})`);
  for (const acks of ACKS_SETTINGS) {
    const { machine, initialState } = createProducer(producerFor(acks), {
      bootstrap: cluster.brokerIds.map(brokerNode),
      acks,
      deliveryTimeoutMs: 10_000,
      requestTimeoutMs: 3_000,
    });
    cluster.sim.addNode(producerFor(acks), machine, initialState);
  }
  return cluster;
}
