/**
 * The closing summary of a scenario run: each partition's leader, ISR and logs, what each client
 * got, and whether every acknowledged record survived.
 */
import { acknowledged, failedRecords } from '../../kafka/client/producer-state.js';
import type { ProducerState } from '../../kafka/client/producer-state.js';
import { committedOffsets, delivered, type ConsumerState } from '../../kafka/client/consumer-state.js';
import { errorName } from '../../kafka/errors.js';
import { acknowledgedRecordsPresent } from '../../kafka/invariants/acknowledged-records.js';
import type { ScenarioRun } from './run-scenario.js';
import type { GroupConsumerState } from '../../kafka/client/group-consumer.js';
import { topicPartitionKey } from '../../kafka/ids.js';
import { consumerLag } from '../../kafka/group/offsets.js';
import { committedOffsetsOf } from '../cluster/group-cluster.js';

export function summarizeRun(run: ScenarioRun): string[] {
  const { cluster, scenario } = run;
  const lines = [`after ${scenario.runMs} ms (seed ${run.seed}):`];
  for (const topic of scenario.topics) {
    for (let partition = 0; partition < topic.partitions; partition++) {
      const state = cluster.partition(topic.name, partition);
      const logs = cluster
        .replicaLogs(topic.name, partition)
        .map(({ brokerId, log }) => `${brokerId}: LEO ${log.logEndOffset} HW ${log.highWatermark}`)
        .join(', ');
      const leader = state === undefined ? '?' : state.leader < 0 ? 'none (offline)' : `broker ${state.leader}`;
      lines.push(`  ${topic.name}-${partition}  leader ${leader}, epoch ${state?.leaderEpoch ?? '?'}, ISR [${state?.isr.join(',') ?? ''}]  logs ${logs}`);
    }
  }
  const acknowledgements = [];
  for (const producer of scenario.producers) {
    const state = cluster.sim.stateOf<ProducerState>(producer.id);
    if (state === undefined) {
      lines.push(`  ${producer.id}: down`);
      continue;
    }
    const acked = acknowledged(state);
    const failed = failedRecords(state);
    const errors = [...new Set(failed.map((record) => (record.error === undefined ? 'refused' : errorName(record.error))))];
    lines.push(`  ${producer.id}: ${acked.length} acknowledged, ${failed.length} failed${errors.length > 0 ? ` (${errors.join(', ')})` : ''}`);
    for (const record of acked) acknowledgements.push({ topic: record.topic, partition: record.partition, baseOffset: record.offset, values: [record.value] });
  }
  for (const consumer of scenario.consumers) {
    if (consumer.group !== undefined) {
      const member = cluster.sim.stateOf<GroupConsumerState>(consumer.id);
      if (member === undefined) {
        lines.push(`  ${consumer.id}: down (group ${consumer.group})`);
        continue;
      }
      const m = member.membership;
      const owns = m.owned.length === 0 ? 'nothing (idle)' : m.owned.map(topicPartitionKey).join(' ');
      const epoch = consumer.protocol === 'consumer' ? 'member epoch' : 'generation';
      lines.push(`  ${consumer.id}: group ${consumer.group}, ${m.phase}, ${epoch} ${m.generationId}, owns ${owns}; processed ${member.inner.deliveredCount} records`);
      continue;
    }
    const state = cluster.sim.stateOf<ConsumerState>(consumer.id);
    if (state === undefined) {
      lines.push(`  ${consumer.id}: down`);
      continue;
    }
    const commits = committedOffsets(state).map((commit) => `${commit.topic}-${commit.partition}@${commit.offset}`);
    lines.push(`  ${consumer.id}: read ${delivered(state).length} records, committed ${commits.length > 0 ? commits.join(' ') : 'nothing'}`);
  }
  for (const group of [...new Set(scenario.consumers.flatMap((consumer) => (consumer.group === undefined ? [] : [consumer.group])))]) {
    const sorted = committedOffsetsOf(cluster, group).sort((a, b) => (a.topic < b.topic ? -1 : a.topic > b.topic ? 1 : a.partition - b.partition));
    const commits = sorted.map((commit) => {
      const lag = consumerLag(cluster.leaderLog(commit.topic, commit.partition)?.highWatermark ?? commit.offset, commit.offset);
      return `${commit.topic}-${commit.partition}@${commit.offset} (lag ${lag})`;
    });
    lines.push(`  group ${group} committed ${commits.length > 0 ? commits.join(' ') : 'nothing'}`);
  }
  const lost = acknowledgedRecordsPresent(acknowledgements, (topic, partition) => cluster.leaderLog(topic, partition));
  lines.push(lost === undefined ? '  every acknowledged record is in its leader\'s committed log' : `  LOST: ${lost.message}`);
  for (const problem of run.problems) lines.push(`  problem: ${problem}`);
  return lines;
}
