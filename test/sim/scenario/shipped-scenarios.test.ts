/**
 * Each shipped scenario tells a story about Kafka (its header comment in scenarios/*.scenario).
 * These tests run every scenario with seeds 1, 2 and 3 and check the story happens: the lesson and
 * `npm run kafka -- scenario <name>` promise it for any seed, not just the one a screenshot used.
 */
import { describe, expect, it } from 'vitest';
import { acknowledged, type AcknowledgedRecord, type ProducerState } from '../../../src/kafka/client/producer-state.js';
import { committedOffsets, delivered, type ConsumerState } from '../../../src/kafka/client/consumer-state.js';
import { ErrorCode } from '../../../src/kafka/errors.js';
import { acknowledgedRecordsPresent } from '../../../src/kafka/invariants/acknowledged-records.js';
import { entryAt } from '../../../src/kafka/log/partition-log.js';
import { murmur2, toPositive, utf8KeyBytes } from '../../../src/kafka/partitioning/index.js';
import { relativeTo, runScenario, type ScenarioRun } from '../../../src/sim/scenario/run-scenario.js';
import { loadScenario, scenarioNames } from '../../../src/sim/scenario/scenario-library.js';
import { simEventsOfType, type SimTraceEvent, type SimTraceEventType } from '../../../src/sim/sim-events.js';

const SEEDS = [1, 2, 3] as const;

function run(name: string, seed: number): ScenarioRun {
  return runScenario(loadScenario(name), { seed });
}

/** Trace events of one type, with times relative to the scenario's time 0. */
function events<T extends SimTraceEventType>(scenarioRun: ScenarioRun, type: T): Array<Extract<SimTraceEvent, { type: T }>> {
  return simEventsOfType(relativeTo(scenarioRun.originMs, scenarioRun.cluster.sim.trace), type);
}

function producerAcks(scenarioRun: ScenarioRun, producer: string): readonly AcknowledgedRecord[] {
  const state = scenarioRun.cluster.sim.stateOf<ProducerState>(producer);
  if (state === undefined) throw new Error(`${producer} is down at the end of the run`);
  return acknowledged(state);
}

function consumerState(scenarioRun: ScenarioRun, consumer: string): ConsumerState {
  const state = scenarioRun.cluster.sim.stateOf<ConsumerState>(consumer);
  if (state === undefined) throw new Error(`${consumer} is down at the end of the run`);
  return state;
}

/** Is this acknowledged record at its offset in the current leader's committed log? */
function survives(scenarioRun: ScenarioRun, record: AcknowledgedRecord): boolean {
  const log = scenarioRun.cluster.leaderLog(record.topic, record.partition);
  if (log === undefined || record.offset >= log.highWatermark) return false;
  return entryAt(log, record.offset)?.record.value === record.value;
}

/** The summary's check: every acknowledged record is where it was acknowledged; undefined when none is lost. */
function firstLoss(scenarioRun: ScenarioRun, producer: string): string | undefined {
  const acknowledgements = producerAcks(scenarioRun, producer).map((record) => ({
    topic: record.topic,
    partition: record.partition,
    baseOffset: record.offset,
    values: [record.value],
  }));
  return acknowledgedRecordsPresent(acknowledgements, (topic, partition) => scenarioRun.cluster.leaderLog(topic, partition))?.message;
}

describe.each(SEEDS)('shipped scenarios, seed %i', (seed) => {
  it('leader-failover: the leader crashes, broker 2 takes over, nothing acknowledged is lost, the preferred leader returns', () => {
    const failover = run('leader-failover', seed);
    expect(failover.problems).toEqual([]);
    const acks = producerAcks(failover, 'p1');
    expect(acks).toHaveLength(40);
    expect(new Set(acks.map((record) => record.value))).toEqual(new Set(Array.from({ length: 40 }, (_, i) => `order-${i}`)));
    expect(acks.filter((record) => !survives(failover, record))).toEqual([]);
    expect(firstLoss(failover, 'p1')).toBeUndefined();

    const elections = events(failover, 'leader.elected').filter((event) => event.at >= 0);
    const fenced = elections.findIndex((event) => event.reason === 'leader-fenced');
    const preferred = elections.findIndex((event) => event.reason === 'preferred');
    expect(fenced, 'a leader-fenced election').toBeGreaterThanOrEqual(0);
    expect(elections[fenced]).toMatchObject({ previousLeader: 1, leader: 2 });
    expect(elections[fenced]!.at).toBeGreaterThan(1_200);
    expect(preferred, 'a preferred election after the leader-fenced one').toBeGreaterThan(fenced);
    expect(elections[preferred]).toMatchObject({ leader: 1, previousLeader: 2 });

    const consumer = consumerState(failover, 'c1');
    expect(delivered(consumer).map((record) => record.record.value)).toEqual(Array.from({ length: 40 }, (_, i) => `order-${i}`));
    expect(committedOffsets(consumer)).toEqual([expect.objectContaining({ topic: 'orders', partition: 0, offset: 40 })]);
  });

  it('acks-1-data-loss: the cut-off leader acknowledges lost-* records, then truncates them away', () => {
    const loss = run('acks-1-data-loss', seed);
    const lostAcks = producerAcks(loss, 'p1').filter((record) => record.value.startsWith('lost-'));
    expect(lostAcks.length).toBeGreaterThan(0);
    expect(lostAcks.some((record) => !survives(loss, record)), 'some acknowledged lost-* record is gone').toBe(true);
    expect(firstLoss(loss, 'p1')).toMatch(/acknowledged record "lost-\d+" .* is lost/);
    const truncations = events(loss, 'log.truncated').filter((event) => event.broker === 1);
    expect(truncations.length).toBeGreaterThan(0);
    expect(truncations[0]!.at).toBeGreaterThanOrEqual(12_000); // after the heal
    expect(events(loss, 'leader.elected').some((event) => event.reason === 'leader-fenced' && event.leader !== 1)).toBe(true);
  });

  it('unclean-election: an out-of-sync replica is elected and only-on-1-* records acknowledged by broker 1 are gone', () => {
    const unclean = run('unclean-election', seed);
    const uncleanElections = events(unclean, 'leader.elected').filter((event) => event.reason === 'unclean');
    expect(uncleanElections).toHaveLength(1);
    expect(uncleanElections[0]!.previousLeader).toBe(1);
    expect(uncleanElections[0]!.at).toBeGreaterThan(14_000); // after broker 1 crashed
    const onlyOnOne = producerAcks(unclean, 'p1').filter((record) => record.value.startsWith('only-on-1-'));
    expect(onlyOnOne.length).toBeGreaterThan(0);
    expect(onlyOnOne.some((record) => !survives(unclean, record)), 'some acknowledged only-on-1-* record is gone').toBe(true);
    expect(firstLoss(unclean, 'p1')).toMatch(/only-on-1-/);
  });

  it('min-insync-replicas: with two brokers down acks=all writes are refused (19), after the restart they succeed, nothing is lost', () => {
    const minIsr = run('min-insync-replicas', seed);
    const secondCrash = events(minIsr, 'node.crashed').find((event) => event.node === 'broker-2')!.at;
    const restart = events(minIsr, 'node.restarted').find((event) => event.node === 'broker-2')!.at;
    const rejected = events(minIsr, 'produce.rejected');
    expect(rejected.length).toBeGreaterThan(0);
    expect(new Set(rejected.map((event) => event.error))).toEqual(new Set([ErrorCode.NOT_ENOUGH_REPLICAS]));
    expect(ErrorCode.NOT_ENOUGH_REPLICAS).toBe(19);
    // Refused only while the ISR was down to the leader: after the second crash, before broker 2 rejoined.
    const rejoined = events(minIsr, 'isr.expanded').find((event) => event.added.includes(2) && event.at > restart)!.at;
    for (const event of rejected) {
      expect(event.at).toBeGreaterThan(secondCrash);
      expect(event.at).toBeLessThanOrEqual(rejoined);
    }
    const acks = producerAcks(minIsr, 'p1');
    const twoDown = acks.filter((record) => record.value.startsWith('two-down-'));
    expect(twoDown.map((record) => record.value).sort()).toEqual(['two-down-0', 'two-down-1', 'two-down-2']);
    for (const record of twoDown) expect(record.acknowledgedAtMs - minIsr.originMs).toBeGreaterThan(restart);
    expect(acks).toHaveLength(11);
    expect(firstLoss(minIsr, 'p1')).toBeUndefined();
  });

  it('slow-follower: broker 3 leaves the ISR at least 30 s after the cut and rejoins after the heal', () => {
    const slow = run('slow-follower', seed);
    const cutAt = events(slow, 'network.partitioned')[0]!.at;
    const healedAt = events(slow, 'network.healed')[0]!.at;
    const shrinks = events(slow, 'isr.shrunk');
    expect(shrinks.map((event) => event.removed)).toEqual([[3]]);
    expect(shrinks[0]!.at - cutAt).toBeGreaterThanOrEqual(30_000); // replica.lag.time.max.ms
    expect(shrinks[0]!.at).toBeLessThan(healedAt);
    const expansions = events(slow, 'isr.expanded');
    expect(expansions.map((event) => event.added)).toEqual([[3]]);
    expect(expansions[0]!.at).toBeGreaterThan(healedAt);
    expect(expansions[0]!.isr).toEqual(expect.arrayContaining([1, 2, 3]));
    expect(producerAcks(slow, 'p1')).toHaveLength(9);
    expect(firstLoss(slow, 'p1')).toBeUndefined();
  });

  it('keyed-and-keyless: user-123 and user-456 land on partition 2; keyless records stick to a partition in long runs', () => {
    for (const key of ['user-123', 'user-456']) expect(toPositive(murmur2(utf8KeyBytes(key))) % 3, key).toBe(2);
    const keyedRun = run('keyed-and-keyless', seed);
    const keyed = producerAcks(keyedRun, 'keyed');
    expect(keyed).toHaveLength(6);
    for (const record of keyed) expect({ key: record.key, partition: record.partition }).toEqual({ key: record.key, partition: 2 });

    const keyless = [...producerAcks(keyedRun, 'keyless')].sort((a, b) => a.recordId - b.recordId);
    expect(keyless).toHaveLength(30);
    expect(keyless.every((record) => record.key === null)).toBe(true);
    const switches = keyless.filter((record, index) => index > 0 && record.partition !== keyless[index - 1]!.partition).length;
    expect(switches, `partitions in send order: ${keyless.map((record) => record.partition).join('')}`).toBeLessThanOrEqual(keyless.length / 5);
    expect(firstLoss(keyedRun, 'keyed')).toBeUndefined();
    expect(firstLoss(keyedRun, 'keyless')).toBeUndefined();
  });
});

describe('scenario runs replay from their seed', () => {
  it.each(scenarioNames())('%s: the same seed gives a byte-identical JSON trace', (name) => {
    const trace = (): string => JSON.stringify(run(name, 2).cluster.sim.trace);
    const first = trace();
    expect(first.length).toBeGreaterThan(1_000);
    expect(trace()).toBe(first);
  });
});
