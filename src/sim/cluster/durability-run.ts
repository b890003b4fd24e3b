/**
 * One durability experiment: a 3-broker cluster, one topic with replication factor 3, a producer
 * writing a numbered stream, and a fault schedule. After the faults, a liveness phase heals the
 * network, restarts every broker and lets the cluster settle; then the invariants are checked.
 * The property tests run thousands of these with random schedules; the lesson shows single ones.
 */
import { createProducer } from '../../kafka/client/producer.js';
import { brokerNode } from '../../kafka/ids.js';
import type { Mechanisms } from '../../kafka/mechanisms.js';
import type { Acks } from '../../kafka/protocol/messages.js';
import type { Violation } from '../../kafka/invariants/index.js';
import type { NetworkOptions } from '../network.js';
import { applySchedule, scheduleEndMs, type FaultSchedule } from './faults.js';
import { InvariantChecker } from './invariant-checker.js';
import { KafkaCluster } from './kafka-cluster.js';

export interface DurabilityRunOptions {
  readonly seed: number;
  readonly schedule: FaultSchedule;
  readonly acks?: Acks;
  readonly minInsyncReplicas?: number;
  readonly uncleanLeaderElectionEnable?: boolean;
  readonly records?: number;
  readonly recordIntervalMs?: number;
  readonly network?: Partial<NetworkOptions>;
  readonly mechanisms?: Partial<Mechanisms>;
}

export interface DurabilityRunResult {
  readonly violation: (Violation & { readonly at?: number }) | undefined;
  readonly acknowledged: number;
  readonly virtualMs: number;
  readonly delivered?: number;
}

export const DURABILITY_TOPIC = 'stream';
/** After the last fault: time to heal, fence or unfence, re-elect, catch up and rejoin the ISR. */
const SETTLE_MS = 60_000;

export function runDurabilityCheck(options: DurabilityRunOptions): DurabilityRunResult {
  const cluster = new KafkaCluster({
    seed: options.seed,
    brokers: 3,
    network: options.network ?? { minDelayMs: 1, maxDelayMs: 10 },
    mechanisms: options.mechanisms,
    recordTrace: false,
  });
  const checker = new InvariantChecker(cluster);
  cluster.start();
  cluster.createTopic(DURABILITY_TOPIC, 1, 3, {
    minInsyncReplicas: options.minInsyncReplicas ?? 2,
    uncleanLeaderElectionEnable: options.uncleanLeaderElectionEnable ?? false,
  });
  cluster.runFor(2_000);
  const origin = cluster.now;
  const producer = createProducer('producer', {
    bootstrap: cluster.brokerIds.map(brokerNode),
    acks: options.acks ?? -1,
    lingerMs: 0,
  });
  cluster.sim.addNode('producer', producer.machine, producer.initialState);
  const records = options.records ?? 20;
  const interval = options.recordIntervalMs ?? 1_000;
  for (let index = 0; index < records; index++) {
    cluster.sim.command('producer', { type: 'send', topic: DURABILITY_TOPIC, key: null, value: `record-${index}` }, origin + index * interval);
  }
  applySchedule(cluster, options.schedule, origin);

  const faultsOverAt = origin + Math.max(scheduleEndMs(options.schedule), records * interval);
  cluster.runUntil(faultsOverAt);
  // Liveness phase: no more faults. Everything comes back and must converge.
  cluster.heal();
  for (const id of cluster.brokerIds) if (!cluster.sim.isUp(brokerNode(id))) cluster.restartBroker(id);
  cluster.runFor(SETTLE_MS);

  const violation = checker.violation ?? checker.checkAcknowledgedRecords();
  return { violation, acknowledged: checker.acknowledgements.length, virtualMs: cluster.now, delivered: cluster.sim.stats.delivered };
}
