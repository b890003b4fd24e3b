/**
 * Watches a simulated cluster as it runs and records the first broken invariant. Trace monitors
 * see every event; the replica-log check runs whenever a log or a high watermark changes.
 */
import {
  acknowledgedRecordsPresent,
  highWatermarkMonotonic,
  logsAgreeBelowHighWatermark,
  singleLeaderPerEpoch,
  type Acknowledgement,
  type TraceMonitor,
  type Violation,
} from '../../kafka/invariants/index.js';
import type { SimTraceEvent } from '../sim-events.js';
import type { KafkaCluster } from './kafka-cluster.js';

export class InvariantChecker {
  private readonly monitors: TraceMonitor[] = [singleLeaderPerEpoch(), highWatermarkMonotonic()];
  readonly acknowledgements: Acknowledgement[] = [];
  violation: (Violation & { readonly at: number }) | undefined;

  constructor(private readonly cluster: KafkaCluster) {
    cluster.sim.onEvent((event) => this.observe(event));
  }

  private observe(event: SimTraceEvent): void {
    if (event.type === 'produce.acknowledged') {
      this.acknowledgements.push({ topic: event.topic, partition: event.partition, baseOffset: event.baseOffset, values: event.values });
    }
    if (this.violation !== undefined) return;
    for (const monitor of this.monitors) {
      const found = monitor.observe(event as Parameters<TraceMonitor['observe']>[0]);
      if (found !== undefined) {
        this.violation = { ...found, at: event.at };
        return;
      }
    }
    if (event.type === 'hw.advanced' || event.type === 'hw.lowered' || event.type === 'log.truncated' || event.type === 'log.appended') {
      const found = logsAgreeBelowHighWatermark(`${event.topic}-${event.partition}`, this.cluster.replicaLogs(event.topic, event.partition));
      if (found !== undefined) this.violation = { ...found, at: event.at };
    }
  }

  /** After the run has settled: every acknowledged record is in its partition's leader log. */
  checkAcknowledgedRecords(): Violation | undefined {
    return acknowledgedRecordsPresent(this.acknowledgements, (topic, partition) => this.cluster.leaderLog(topic, partition));
  }
}
