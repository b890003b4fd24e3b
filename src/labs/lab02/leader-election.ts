/**
 * Exercise 04, partition leader election: hint ladder and promises. The learner's electLeader
 * becomes the controller's election in a simulated 3-broker cluster; the controller refuses an
 * answer that breaks the partition's invariants with a sentence (src/kafka/controller/partition-change.ts),
 * which the learner sees with the scenario's trace. Kafka: PartitionChangeBuilder.electLeader
 * (Eligible Leader Replicas off, the 4.0 default).
 */
import { electLeader as referenceElectLeader, type ElectLeader } from '../../kafka/controller/leader-election.js';
import { brokerNode } from '../../kafka/ids.js';
import { SeededRandom } from '../../sim/random.js';
import { CallLog } from '../call-log.js';
import { broken, plain, type Check, type ExerciseDefinition } from '../exercise.js';
import { runScenario } from '../scenario-run.js';
import { WatchedCluster } from '../scenario-trace.js';
import type * as Starter from '../../../labs/02-architecture/starters/04-leader-election/leader-election.js';

export type LeaderElectionImpl = typeof Starter;
type Input = Starter.LeaderElectionInput;

const TOPIC = 'orders';

function describeInput(input: Input): string {
  return (
    `replicas [${input.replicas.join(', ')}], ISR [${input.isr.join(', ')}], live brokers [${[...input.activeBrokers].sort().join(', ')}], ` +
    `current leader ${input.currentLeader}, unclean.leader.election.enable=${input.uncleanLeaderElectionEnable}`
  );
}

function expectElection(impl: LeaderElectionImpl, input: Input, why: (expected: Starter.LeaderElectionResult) => string): void {
  const got = impl.electLeader(input);
  const expected = referenceElectLeader(input);
  if (got?.leader !== expected.leader || got.unclean !== expected.unclean) {
    const show = (result: Starter.LeaderElectionResult | undefined): string =>
      result === undefined ? 'undefined' : result.leader === -1 ? 'no leader (offline)' : `broker ${result.leader}${result.unclean ? ' (unclean)' : ''}`;
    broken(`electLeader chose ${show(got)} with ${describeInput(input)}; Kafka elects ${show(expected)}: ${why(expected)}`, {
      call: { fn: 'electLeader', inputs: plain(input), output: plain(got) },
    });
  }
}

/** Random partitions: a replica order, an ISR listed in its own order, some brokers down. */
function randomInputs(seed: number, count: number, shape: (random: SeededRandom) => Partial<Input>): Input[] {
  const random = new SeededRandom(seed);
  const inputs: Input[] = [];
  for (let index = 0; index < count; index++) {
    const replicas = shuffle(random, [1, 2, 3, 4, 5]).slice(0, 3 + random.nextInt(3));
    const isr = shuffle(random, replicas.filter(() => random.chance(0.7)));
    const activeBrokers = new Set([1, 2, 3, 4, 5].filter(() => random.chance(0.7)));
    inputs.push({ replicas, isr, currentLeader: -1, activeBrokers, uncleanLeaderElectionEnable: false, ...shape(random) });
  }
  return inputs;
}

function shuffle<T>(random: SeededRandom, items: readonly T[]): T[] {
  const copy = [...items];
  for (let index = copy.length - 1; index > 0; index--) {
    const other = random.nextInt(index + 1);
    [copy[index], copy[other]] = [copy[other]!, copy[index]!];
  }
  return copy;
}

const firstLiveIsrInReplicaOrder: Check<LeaderElectionImpl> = {
  id: 'first-live-isr-in-replica-order',
  promise: 'the new leader is the first replica, in replica order, that is in the ISR and alive',
  run(impl) {
    for (const input of randomInputs(404, 80, () => ({}))) {
      expectElection(impl, input, (expected) =>
        expected.leader === -1
          ? 'no in-sync replica is alive, and unclean election is off: the partition goes offline and waits'
          : `walk the replica list [${input.replicas.join(', ')}] in order (not the ISR's order) and take the first broker that is both in the ISR and alive`,
      );
    }
  },
};

const currentLeaderStays: Check<LeaderElectionImpl> = {
  id: 'current-leader-stays',
  promise: 'a current leader that is still in the ISR and alive keeps the partition (no needless leader change)',
  run(impl) {
    for (const input of randomInputs(405, 40, (random) => ({ currentLeader: 1 + random.nextInt(5) }))) {
      const canStay = input.isr.includes(input.currentLeader) && input.activeBrokers.has(input.currentLeader);
      expectElection(impl, input, () =>
        canStay
          ? 'a leader change costs every client a metadata refresh; Kafka keeps a current leader that is in the ISR and alive'
          : `the current leader ${input.currentLeader} cannot stay (not in the ISR or not alive): walk the replica list in order and take the first broker in the ISR and alive`,
      );
    }
  },
};

const uncleanOnlyWhenAllowed: Check<LeaderElectionImpl> = {
  id: 'unclean-only-when-allowed',
  promise: 'with no live in-sync replica, a replica outside the ISR leads only when unclean.leader.election.enable is true, and is marked unclean',
  run(impl) {
    const cases: Input[] = [
      { replicas: [1, 2, 3], isr: [1], currentLeader: -1, activeBrokers: new Set([2, 3]), uncleanLeaderElectionEnable: false },
      { replicas: [1, 2, 3], isr: [1], currentLeader: -1, activeBrokers: new Set([2, 3]), uncleanLeaderElectionEnable: true },
      { replicas: [3, 1, 2], isr: [1, 2], currentLeader: -1, activeBrokers: new Set([3]), uncleanLeaderElectionEnable: true },
      { replicas: [1, 2, 3], isr: [2], currentLeader: -1, activeBrokers: new Set([]), uncleanLeaderElectionEnable: true },
      ...randomInputs(406, 40, (random) => ({ uncleanLeaderElectionEnable: random.chance(0.5) })),
    ];
    for (const input of cases) {
      expectElection(impl, input, (expected) =>
        expected.unclean
          ? 'no in-sync replica is alive and the topic allows unclean election: the first live replica in replica order leads, marked unclean (its log becomes the truth; acknowledged records may be lost)'
          : expected.leader === -1
            ? 'no in-sync replica is alive; without unclean.leader.election.enable the partition stays offline rather than lose acknowledged records'
            : 'an in-sync replica is alive: it leads cleanly',
      );
    }
  },
};

/** The learner's election as the controller's: extra input fields of the reference are passed through. */
function electionSeam(impl: LeaderElectionImpl, log: CallLog): ElectLeader {
  return log.wrap('electLeader', (input: Input) => impl.electLeader(input)) as ElectLeader;
}

const newLeaderHasCommitted: Check<LeaderElectionImpl> = {
  id: 'new-leader-has-every-committed-record',
  promise: "after the leader's broker fails, the new leader has every committed record and nothing acknowledged is lost",
  run(impl) {
    for (const seed of [51, 52]) {
      const log = new CallLog();
      const watched = new WatchedCluster({
        seed,
        brokers: 3,
        network: { minDelayMs: 1, maxDelayMs: 10 },
        broker: { replicaLagTimeMaxMs: 3_000, replicaSocketTimeoutMs: 2_000 },
        mechanisms: { electLeader: electionSeam(impl, log) },
      });
      const { cluster } = watched;
      runScenario(watched, log, 'electLeader', () => {
        cluster.start();
        // Replica order 1, 3, 2: broker 3 comes before broker 2, but it will fall out of the ISR.
        cluster.createTopic(TOPIC, 1, 3, { minInsyncReplicas: 2 }, [[1, 3, 2]]);
        cluster.runFor(1_000);
        watched.addProducer('producer', { acks: -1, lingerMs: 0 });
        const origin = cluster.now;
        for (let index = 0; index < 60; index++) watched.send('producer', TOPIC, `customer-${index % 5}`, `order-${index}`, origin + index * 100);
        cluster.sim.schedule(origin + 500, 'cut broker 3 off from the leader: it falls behind and leaves the ISR', () =>
          cluster.sim.network.partition([brokerNode(3)], [brokerNode(1)]),
        );
        cluster.sim.schedule(origin + 5_500, 'crash the leader, broker 1', () => cluster.crashBroker(1));
        cluster.sim.schedule(origin + 5_501, 'heal the network: broker 3 is alive but out of sync', () => cluster.heal());
        cluster.runUntil(origin + 20_000);
        cluster.restartBroker(1);
        cluster.runFor(8_000);
      });
      const violation = watched.checker.violation ?? watched.checker.checkAcknowledgedRecords();
      if (violation !== undefined) {
        broken(`${violation.message}`, {
          seed,
          ...watched.shortTraceUntil('at' in violation && typeof violation.at === 'number' ? violation.at : cluster.now, (event) => !event.type.startsWith('produce.')),
          ...callOf(log.last('electLeader')),
        });
      }
      const elected = watched.events.find((event) => event.type === 'leader.elected' && event.reason !== 'preferred' && event.at > 0 && event.previousLeader === 1);
      const partition = cluster.partition(TOPIC, 0);
      if (elected === undefined && (partition === undefined || partition.leader < 0)) {
        broken('broker 1 failed while broker 2 was alive and in sync, yet the partition got no new leader: it stayed offline', {
          seed,
          ...watched.shortTrace(undefined, (event) => event.type.startsWith('leader.') || event.type.startsWith('partition.') || event.type.startsWith('broker.')),
          ...callOf(log.last('electLeader')),
        });
      }
    }
  },
};

function callOf(call: ReturnType<CallLog['last']>): { call?: NonNullable<ReturnType<CallLog['last']>> } {
  return call === undefined ? {} : { call };
}

export const leaderElectionExercise: ExerciseDefinition<LeaderElectionImpl> = {
  id: '04-leader-election',
  title: 'Leader election: the first live ISR member in replica order, unclean only when allowed',
  file: 'exercises/04-leader-election/leader-election.ts',
  exports: ['electLeader'],
  hints: [
    'Only a replica in the ISR is sure to hold every committed record. Who may lead, then, and in which order does Kafka look at the candidates?',
    'Four steps, in order: (1) a current leader that is in the ISR and alive stays; (2) else the first broker of `replicas` (the assignment order, not the ISR order) that is in the ISR and in activeBrokers; (3) else, only if uncleanLeaderElectionEnable, the first broker of `replicas` that is alive, with unclean: true; (4) else NO_LEADER.',
    'A helper `canLead = (b) => input.isr.includes(b) && input.activeBrokers.has(b)`, then `input.replicas.find(canLead)`; for step 3, `input.replicas.find((b) => input.activeBrokers.has(b))`. Return { leader, unclean } each time; { leader: NO_LEADER, unclean: false } when nobody can lead.',
  ],
  hintFor: {
    'first-live-isr-in-replica-order': 1,
    'current-leader-stays': 1,
    'unclean-only-when-allowed': 2,
    'new-leader-has-every-committed-record': 0,
  },
  checks: [firstLiveIsrInReplicaOrder, currentLeaderStays, uncleanOnlyWhenAllowed, newLeaderHasCommitted],
};
