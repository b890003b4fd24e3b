/**
 * Exercise 02, the high watermark and the acks decision: hint ladder and promises. The learner's
 * three functions become every partition leader's HW rule and acks rules in a simulated 3-broker
 * cluster (src/kafka/mechanisms.ts); the cluster checks are the lesson's promises (an acknowledged
 * record survives the leader's crash; acks=all is refused before append below
 * min.insync.replicas), the table checks pin down each rule. Kafka: Partition.maybeIncrementLeaderHW,
 * appendRecordsToLeader, checkEnoughReplicasReachOffset; KAFKA-15583 (3.7).
 */
import { ErrorCode, errorName } from '../../kafka/errors.js';
import { brokerNode } from '../../kafka/ids.js';
import type { AcksRules } from '../../kafka/replication/acks.js';
import type { HighWatermarkRule } from '../../kafka/replication/high-watermark.js';
import { isCaughtUp } from '../../kafka/replication/isr.js';
import { entries } from '../../kafka/log/partition-log.js';
import { SeededRandom } from '../../sim/random.js';
import { CallLog } from '../call-log.js';
import { broken, type Check, type ExerciseDefinition } from '../exercise.js';
import { runScenario } from '../scenario-run.js';
import { WatchedCluster } from '../scenario-trace.js';
import type * as Starter from '../../../labs/02-architecture/starters/02-high-watermark-and-acks/high-watermark-and-acks.js';

export type HighWatermarkAndAcksImpl = typeof Starter;
type Acks = Starter.Acks;

/** The learner's HW function as the partition leader's rule: the followers that count are worked out here. */
function highWatermarkSeam(impl: HighWatermarkAndAcksImpl, log: CallLog): HighWatermarkRule {
  const learner = log.wrap('highWatermark', impl.highWatermark);
  return (input) => {
    const followerLogEndOffsets: number[] = [];
    for (const [brokerId, progress] of input.followers) {
      if (brokerId === input.leaderId) continue;
      const inIsr = input.maximalIsr.includes(brokerId);
      // A caught-up, eligible follower about to rejoin counts too (semantics 5.5); that part is ours.
      const rejoining = !inIsr && isCaughtUp(progress, input.leaderLogEndOffset, input.now, input.replicaLagTimeMaxMs) && input.isrEligible(brokerId);
      if (inIsr || rejoining) followerLogEndOffsets.push(progress.logEndOffset);
    }
    return learner({
      leaderLogEndOffset: input.leaderLogEndOffset,
      currentHighWatermark: input.currentHighWatermark,
      followerLogEndOffsets,
      isrSize: input.isrSize ?? input.maximalIsr.length,
      minInsyncReplicas: input.effectiveMinIsr,
    });
  };
}

function acksSeam(impl: HighWatermarkAndAcksImpl, log: CallLog): AcksRules {
  const admit = log.wrap('admitProduce', impl.admitProduce);
  const complete = log.wrap('completeProduce', impl.completeProduce);
  return {
    admitProduce: (input) => admit({ acks: input.acks, isrSize: input.isrSize, minInsyncReplicas: input.effectiveMinIsr }),
    completeProduce: (input) =>
      complete({
        acks: input.acks,
        requiredOffset: input.requiredOffset,
        highWatermark: input.highWatermark,
        isrSize: input.maximalIsrSize,
        minInsyncReplicas: input.effectiveMinIsr,
      }),
  };
}

function clusterWith(impl: HighWatermarkAndAcksImpl, seed: number, log: CallLog): WatchedCluster {
  return new WatchedCluster({
    seed,
    brokers: 3,
    network: { minDelayMs: 1, maxDelayMs: 10 },
    broker: { replicaLagTimeMaxMs: 4_000 },
    mechanisms: { highWatermark: highWatermarkSeam(impl, log), acks: acksSeam(impl, log) },
  });
}

/** What Kafka's rule gives, in the exercise's terms. */
function expectedHighWatermark(input: Starter.HighWatermarkInput): number {
  if (input.isrSize < input.minInsyncReplicas) return input.currentHighWatermark;
  return Math.max(input.currentHighWatermark, Math.min(input.leaderLogEndOffset, ...input.followerLogEndOffsets));
}

function randomHighWatermarkInputs(): Starter.HighWatermarkInput[] {
  const random = new SeededRandom(502);
  const inputs: Starter.HighWatermarkInput[] = [
    { leaderLogEndOffset: 10, currentHighWatermark: 4, followerLogEndOffsets: [7, 9], isrSize: 3, minInsyncReplicas: 2 },
    { leaderLogEndOffset: 10, currentHighWatermark: 8, followerLogEndOffsets: [6], isrSize: 2, minInsyncReplicas: 2 },
    { leaderLogEndOffset: 10, currentHighWatermark: 4, followerLogEndOffsets: [], isrSize: 1, minInsyncReplicas: 2 },
    { leaderLogEndOffset: 10, currentHighWatermark: 4, followerLogEndOffsets: [], isrSize: 1, minInsyncReplicas: 1 },
  ];
  for (let index = 0; index < 60; index++) {
    const leaderLogEndOffset = random.nextInt(50);
    const followers = Array.from({ length: random.nextInt(3) }, () => random.nextInt(leaderLogEndOffset + 1));
    inputs.push({
      leaderLogEndOffset,
      currentHighWatermark: random.nextInt(leaderLogEndOffset + 1),
      followerLogEndOffsets: followers,
      isrSize: followers.length + 1,
      minInsyncReplicas: 1 + random.nextInt(3),
    });
  }
  return inputs;
}

function checkHighWatermarks(impl: HighWatermarkAndAcksImpl, which: (input: Starter.HighWatermarkInput) => boolean, why: (input: Starter.HighWatermarkInput, expected: number) => string): void {
  for (const input of randomHighWatermarkInputs().filter(which)) {
    const got = impl.highWatermark(input);
    const expected = expectedHighWatermark(input);
    if (got !== expected) broken(`highWatermark gave ${got}, Kafka's leader gives ${expected}: ${why(input, expected)}`, { call: { fn: 'highWatermark', inputs: input, output: got } });
  }
}

const minOverIsr: Check<HighWatermarkAndAcksImpl> = {
  id: 'hw-is-min-leo-over-isr',
  promise: 'the high watermark is the smallest log end offset in the ISR',
  run(impl) {
    checkHighWatermarks(
      impl,
      (input) => input.isrSize >= input.minInsyncReplicas && Math.min(input.leaderLogEndOffset, ...input.followerLogEndOffsets) >= input.currentHighWatermark,
      (input, expected) => `the ISR's log end offsets are ${[input.leaderLogEndOffset, ...input.followerLogEndOffsets].join(', ')}; only offsets below ${expected} are on every in-sync replica`,
    );
  },
};

const neverBack: Check<HighWatermarkAndAcksImpl> = {
  id: 'hw-never-moves-back',
  promise: 'the high watermark never moves back',
  run(impl) {
    checkHighWatermarks(
      impl,
      (input) => input.isrSize >= input.minInsyncReplicas && Math.min(input.leaderLogEndOffset, ...input.followerLogEndOffsets) < input.currentHighWatermark,
      (input) => `a follower with a shorter log (${Math.min(...input.followerLogEndOffsets)}) counts now, but records below ${input.currentHighWatermark} were already committed and may have been read`,
    );
  },
};

const waitsForMinIsr: Check<HighWatermarkAndAcksImpl> = {
  id: 'hw-waits-for-min-isr',
  promise: 'below min.insync.replicas the high watermark does not move (Kafka 3.7+)',
  run(impl) {
    checkHighWatermarks(
      impl,
      (input) => input.isrSize < input.minInsyncReplicas,
      (input) => `the ISR has ${input.isrSize} replica(s), fewer than min.insync.replicas=${input.minInsyncReplicas}, so nothing new is committed`,
    );
  },
};

function expectCompletion(impl: HighWatermarkAndAcksImpl, input: Parameters<HighWatermarkAndAcksImpl['completeProduce']>[0], expected: Starter.ProduceCompletion, why: string): void {
  const got = impl.completeProduce(input);
  const same = got?.done === expected.done && (!expected.done || (got.done && got.error === expected.error));
  if (!same) {
    const show = (completion: Starter.ProduceCompletion | undefined): string =>
      completion === undefined ? 'undefined' : completion.done ? `done with ${errorName(completion.error)}` : 'not done yet';
    broken(`completeProduce said ${show(got)}, Kafka's leader says ${show(expected)}: ${why}`, { call: { fn: 'completeProduce', inputs: input, output: got } });
  }
}

const acksAnswers: Check<HighWatermarkAndAcksImpl> = {
  id: 'acks-answer-when-allowed',
  promise: 'acks=0 and acks=1 are answered once the leader has the records; acks=all only once the high watermark covers them',
  run(impl) {
    for (const acks of [0, 1] as Acks[]) {
      expectCompletion(impl, { acks, requiredOffset: 12, highWatermark: 5, isrSize: 1, minInsyncReplicas: 2 }, { done: true, error: ErrorCode.NONE }, `acks=${acks} never waits for followers nor checks min.insync.replicas`);
    }
    expectCompletion(impl, { acks: -1, requiredOffset: 12, highWatermark: 11, isrSize: 3, minInsyncReplicas: 2 }, { done: false }, 'the HW (11) does not cover the last record (offset 11): not every in-sync replica has it yet');
    expectCompletion(impl, { acks: -1, requiredOffset: 12, highWatermark: 12, isrSize: 3, minInsyncReplicas: 2 }, { done: true, error: ErrorCode.NONE }, 'the HW covers the records and the ISR is large enough');
    expectCompletion(impl, { acks: -1, requiredOffset: 12, highWatermark: 15, isrSize: 2, minInsyncReplicas: 2 }, { done: true, error: ErrorCode.NONE }, 'the HW covers the records and the ISR is large enough');
  },
};

const notEnoughAfterAppend: Check<HighWatermarkAndAcksImpl> = {
  id: 'not-enough-replicas-after-append',
  promise: 'acks=all whose ISR shrank below min.insync.replicas after the append gets NOT_ENOUGH_REPLICAS_AFTER_APPEND',
  run(impl) {
    expectCompletion(
      impl,
      { acks: -1, requiredOffset: 12, highWatermark: 12, isrSize: 1, minInsyncReplicas: 2 },
      { done: true, error: ErrorCode.NOT_ENOUGH_REPLICAS_AFTER_APPEND },
      'the records are in the log, but the ISR shrank to 1 below min.insync.replicas=2 while the request waited',
    );
    for (const [acks, isrSize] of [[-1, 1], [-1, 2], [1, 1], [0, 1]] as Array<[Acks, number]>) {
      const input = { acks, isrSize, minInsyncReplicas: 2 };
      const got = impl.admitProduce(input);
      const expected = acks === -1 && isrSize < 2 ? ErrorCode.NOT_ENOUGH_REPLICAS : ErrorCode.NONE;
      if (got !== expected) {
        broken(`admitProduce said ${errorName(got)} for acks=${acks} with an ISR of ${isrSize} and min.insync.replicas=2; Kafka says ${errorName(expected)} (checked before append, for acks=all only)`, {
          call: { fn: 'admitProduce', inputs: input, output: got },
        });
      }
    }
  },
};

const TOPIC = 'payments';

const refusedBeforeAppend: Check<HighWatermarkAndAcksImpl> = {
  id: 'not-enough-replicas-before-append',
  promise: 'with the ISR below min.insync.replicas, acks=all is refused with NOT_ENOUGH_REPLICAS and nothing is written, while acks=1 still works',
  run(impl) {
    const log = new CallLog();
    const watched = clusterWith(impl, 21, log);
    runScenario(watched, log, 'admitProduce', () => {
      const { cluster } = watched;
      cluster.start();
      cluster.createTopic(TOPIC, 1, 3, { minInsyncReplicas: 2 }, [[1, 2, 3]]);
      cluster.runFor(1_000);
      cluster.crashBroker(2);
      cluster.crashBroker(3);
      cluster.runFor(12_000); // fenced, removed from the ISR: only the leader is left
      watched.addProducer('all', { acks: -1, lingerMs: 0, deliveryTimeoutMs: 3_000, requestTimeoutMs: 1_000 });
      watched.addProducer('one', { acks: 1, lingerMs: 0 });
      watched.send('all', TOPIC, null, 'must-be-refused', cluster.now);
      watched.send('one', TOPIC, null, 'acks-1-is-fine', cluster.now + 1);
      cluster.runFor(4_000);
    });
    const leaderLog = watched.cluster.leaderLog(TOPIC, 0);
    const leaderValues = (leaderLog === undefined ? [] : entries(leaderLog)).map((entry) => entry.record.value);
    const rejected = watched.events.find((event) => event.type === 'produce.rejected');
    if (rejected?.type !== 'produce.rejected' || rejected.error !== ErrorCode.NOT_ENOUGH_REPLICAS || leaderValues.includes('must-be-refused')) {
      const appended = watched.events.find((event) => event.type === 'log.appended' && event.node === 'broker-1');
      broken(`the ISR is [1] with min.insync.replicas=2, yet an acks=all record ${leaderValues.includes('must-be-refused') ? 'was written to the leader\'s log' : 'was not refused with NOT_ENOUGH_REPLICAS'}`, {
        seed: watched.seed,
        ...watched.shortTrace(appended ?? rejected),
        ...callOf(log.last('admitProduce', (call) => (call.inputs[0] as { acks: number }).acks === -1)),
      });
    }
    const acked = watched.events.some((event) => event.type === 'produce.acknowledged' && event.values.includes('acks-1-is-fine'));
    if (!acked) {
      broken('an acks=1 record was not acknowledged by a lone leader: min.insync.replicas only applies to acks=all', {
        seed: watched.seed,
        ...watched.shortTrace(),
        ...callOf(log.last('admitProduce', (call) => (call.inputs[0] as { acks: number }).acks === 1)),
      });
    }
  },
};

const acknowledgedSurvives: Check<HighWatermarkAndAcksImpl> = {
  id: 'acked-record-survives',
  promise: "a record acknowledged with acks=all survives the leader's crash",
  run(impl) {
    for (const [seed, cutAtMs] of [[31, 700], [32, 1_213]] as const) {
      const log = new CallLog();
      // Remember the first answer Kafka would not give: a HW past a replica's log, an early acks=all answer.
      log.suspect('highWatermark', ([input], output) => output !== expectedHighWatermark(input as Starter.HighWatermarkInput));
      log.suspect('completeProduce', ([input], output) => {
        const request = input as Parameters<HighWatermarkAndAcksImpl['completeProduce']>[0];
        return request.acks === -1 && request.highWatermark < request.requiredOffset && (output as Starter.ProduceCompletion).done;
      });
      const watched = clusterWith(impl, seed, log);
      runScenario(watched, log, 'highWatermark', () => {
        const { cluster } = watched;
        cluster.start();
        cluster.createTopic(TOPIC, 1, 3, { minInsyncReplicas: 2 }, [[1, 2, 3]]);
        cluster.runFor(1_000);
        watched.addProducer('producer', { acks: -1, lingerMs: 0 });
        const origin = cluster.now;
        for (let index = 0; index < 40; index++) watched.send('producer', TOPIC, null, `payment-${index}`, origin + index * 37);
        // The leader loses its followers (not the producer, not the controller), then crashes.
        cluster.sim.schedule(origin + cutAtMs, 'cut the leader, broker 1, off from its followers', () =>
          cluster.sim.network.partition([brokerNode(1)], [brokerNode(2), brokerNode(3)]),
        );
        cluster.sim.schedule(origin + cutAtMs + 1_000, 'crash the leader, broker 1', () => {
          cluster.heal();
          cluster.crashBroker(1);
        });
        cluster.runUntil(origin + 15_000);
        cluster.restartBroker(1);
        cluster.runFor(10_000);
      });
      const violation = watched.checker.violation ?? watched.checker.checkAcknowledgedRecords();
      if (violation !== undefined) {
        const at = 'at' in violation && typeof violation.at === 'number' ? violation.at : watched.cluster.now;
        const lost = /record "([^"]+)"/.exec(violation.message)?.[1];
        const story = new Set(['scenario.action', 'node.crashed', 'node.restarted', 'leader.elected', 'log.truncated', 'isr.shrunk', 'broker.fenced']);
        broken(`${violation.message} (the leader was cut off from its followers, kept acknowledging, and crashed 1 s later)`, {
          seed,
          ...watched.shortTraceUntil(at, (event) => story.has(event.type) || (event.type === 'produce.acknowledged' && lost !== undefined && event.values.includes(lost))),
          ...callOf(log.firstSuspect('completeProduce') ?? log.firstSuspect('highWatermark') ?? log.last('highWatermark')),
        });
      }
    }
  },
};

function callOf(call: ReturnType<CallLog['last']>): { call?: NonNullable<ReturnType<CallLog['last']>> } {
  return call === undefined ? {} : { call };
}

export const highWatermarkAndAcksExercise: ExerciseDefinition<HighWatermarkAndAcksImpl> = {
  id: '02-high-watermark-and-acks',
  title: 'The high watermark and acks: when a write is committed and answered',
  file: 'exercises/02-high-watermark-and-acks/high-watermark-and-acks.ts',
  exports: ['highWatermark', 'admitProduce', 'completeProduce'],
  hints: [
    'A record is committed once every in-sync replica has it. Which replica decides how far that goes: the fastest or the slowest?',
    'highWatermark: take the smallest log end offset among the leader and the followers that count. Then two guards: never return less than currentHighWatermark, and return currentHighWatermark unchanged while isrSize < minInsyncReplicas (Kafka 3.7+).',
    'admitProduce runs before the leader writes: only acks=-1 cares about min.insync.replicas, and it answers ErrorCode.NOT_ENOUGH_REPLICAS when isrSize < minInsyncReplicas; everything else is ErrorCode.NONE.',
    'completeProduce: acks 0 and 1 are { done: true, error: NONE } at once. acks=-1 is { done: false } while highWatermark < requiredOffset; once it is covered: NOT_ENOUGH_REPLICAS_AFTER_APPEND if isrSize < minInsyncReplicas, else NONE.',
  ],
  hintFor: {
    'hw-is-min-leo-over-isr': 1,
    'hw-never-moves-back': 1,
    'hw-waits-for-min-isr': 1,
    'acks-answer-when-allowed': 3,
    'not-enough-replicas-after-append': 3,
    'not-enough-replicas-before-append': 2,
    'acked-record-survives': 0,
  },
  checks: [minOverIsr, neverBack, waitsForMinIsr, acksAnswers, notEnoughAfterAppend, refusedBeforeAppend, acknowledgedSurvives],
};
