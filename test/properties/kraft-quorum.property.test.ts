/**
 * Properties of the KRaft metadata quorum over seeded schedules of crashes, restarts, isolations,
 * partitions, delays, loss and duplicates (semantics 11, invariants 11-14; KIP-595 for the quorum,
 * KIP-631 for the metadata it carries). The shape follows Kafka's RaftEventSimulationTest: invariants
 * checked after every event of a faulty run, then a healed phase that demands progress.
 *
 * Replay a failure: fast-check prints the seed and path (`fc.assert(..., { seed, path })`); the
 * message names the simulation seed and the fault schedule, and `runQuorumScenario` with those
 * values replays the run exactly.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { NetworkOptions } from '../../src/sim/network.js';
import { KraftCluster } from '../../src/sim/kraft/kraft-cluster.js';
import { applyKraftSchedule, describeKraftSchedule, scheduleEndMs, type KraftFault, type KraftFaultSchedule } from '../../src/sim/kraft/kraft-faults.js';
import { QuorumChecker } from '../../src/sim/kraft/quorum-checker.js';
import type { QuorumConfig } from '../../src/kafka/kraft/quorum-config.js';

const RUNS = 1_000;

const NODES = [1, 2, 3, 4, 5];

interface Run {
  readonly seed: number;
  readonly combined: boolean;
  readonly network: Partial<NetworkOptions>;
  readonly schedule: KraftFaultSchedule;
  /**
   * Safety runs only: pre-vote off (Kafka 3.x) and election timeouts cut to ~1/7, for many more,
   * closer elections. The fetch timeout stays above the 500 ms a leader holds an idle fetch (as
   * Kafka's 2,000 ms default does): below it, followers time out on healthy leaders and the quorum
   * churns forever, so a voter may never catch up in the healed phase (seen with 300 ms, seed 9).
   */
  readonly quorum?: Partial<QuorumConfig>;
}

const seedArb = fc.integer({ min: 0, max: 2 ** 31 - 1 });
const networkArb = fc.record({
  minDelayMs: fc.integer({ min: 1, max: 3 }),
  maxDelayMs: fc.integer({ min: 3, max: 40 }),
  dropProbability: fc.constantFrom(0, 0, 0.01),
  duplicateProbability: fc.constantFrom(0, 0, 0.01),
});

const faultArb = (nodes: readonly number[], maxStartMs: number): fc.Arbitrary<KraftFault> =>
  fc.oneof(
    fc.record({ kind: fc.constant('crash' as const), node: fc.constantFrom(...nodes), startMs: fc.integer({ min: 0, max: maxStartMs }), durationMs: fc.integer({ min: 200, max: 6_000 }) }),
    fc.record({ kind: fc.constant('isolate' as const), node: fc.constantFrom(...nodes), startMs: fc.integer({ min: 0, max: maxStartMs }), durationMs: fc.integer({ min: 200, max: 6_000 }) }),
    fc.record({
      kind: fc.constant('partition' as const),
      side: fc.subarray(NODES, { minLength: 1, maxLength: 4 }),
      startMs: fc.integer({ min: 0, max: maxStartMs }),
      durationMs: fc.integer({ min: 200, max: 6_000 }),
    }),
  );

const quorumArb: fc.Arbitrary<Partial<QuorumConfig>> = fc.record({
  preVote: fc.boolean(),
  fast: fc.boolean(),
}).map(({ preVote, fast }) => (fast ? { preVote, electionTimeoutMs: 150, fetchTimeoutMs: 700, electionBackoffMaxMs: 150, requestTimeoutMs: 300 } : { preVote }));

const anyFaultsRun: fc.Arbitrary<Run> = fc.record({
  seed: seedArb,
  combined: fc.boolean(),
  network: networkArb,
  schedule: fc.array(faultArb(NODES, 6_000), { maxLength: 4 }),
  quorum: quorumArb,
});

function describeRun(run: Run): string {
  return `seed=${run.seed} combined=${run.combined} network=${JSON.stringify(run.network)} quorum=${JSON.stringify(run.quorum ?? {})} faults: ${describeKraftSchedule(run.schedule)}`;
}

/** Topics created one after another while faults run, so the quorum has records to commit. */
function scheduleWorkload(cluster: KraftCluster, fromMs: number, untilMs: number, everyMs = 700): void {
  let topic = 0;
  for (let at = fromMs; at < untilMs; at += everyMs) {
    const name = `t${topic++}`;
    cluster.sim.schedule(at, `create ${name}`, () => {
      cluster.createTopic({ name, numPartitions: 1, replicationFactor: 1 });
    });
  }
}

function build(run: Run): KraftCluster {
  return new KraftCluster({
    seed: run.seed,
    controllers: 3,
    brokers: run.combined ? 2 : 2,
    combined: run.combined,
    network: run.network,
    ...(run.quorum === undefined ? {} : { quorum: run.quorum }),
    recordTrace: false,
  });
}

/** The faulty phase, then everything healed and restarted, then quiet time to converge. */
export function runQuorumScenario(run: Run): { cluster: KraftCluster; checker: QuorumChecker } {
  const cluster = build(run);
  const checker = new QuorumChecker(cluster);
  const origin = 500;
  applyKraftSchedule(cluster, run.schedule, origin);
  const faultsEnd = origin + scheduleEndMs(run.schedule);
  scheduleWorkload(cluster, origin, faultsEnd + 1);
  cluster.sim.runUntil(faultsEnd);
  cluster.heal();
  // The healed phase is healed for loss too, as the other liveness phases are: a dropped fetch costs
  // a whole request timeout here, where Kafka's TCP connection would retransmit it. Under 1% loss and
  // the fast timeouts a voter could otherwise keep missing the newest epoch's records (seeds 9 and 1).
  cluster.sim.network.configure({ dropProbability: 0, duplicateProbability: 0 });
  for (const node of cluster.nodes) if (!cluster.isUp(node.id)) cluster.restart(node.id);
  cluster.sim.runFor(8_000);
  return { cluster, checker };
}

describe('KRaft quorum properties (1,000 seeded fault schedules each)', () => {
  it('at most one leader per epoch, and no epoch ever goes back (KIP-595; invariants 11, 12)', () => {
    fc.assert(
      fc.property(anyFaultsRun, (run) => {
        const { checker } = runQuorumScenario(run);
        const violation = checker.violation;
        if (violation !== undefined && (violation.invariant === 'singleLeaderPerEpoch' || violation.invariant === 'epochMonotonic')) {
          throw new Error(`${violation.invariant} broken at ${violation.at}ms: ${violation.detail}\n${describeRun(run)}`);
        }
        expect(checker.elections).toBeGreaterThan(0);
      }),
      { numRuns: RUNS },
    );
  });

  it.each([
    { seed: 9, combined: false, network: { minDelayMs: 1, maxDelayMs: 36, dropProbability: 0.01, duplicateProbability: 0.01 }, schedule: [] },
    {
      seed: 1,
      combined: true,
      network: { minDelayMs: 1, maxDelayMs: 6, dropProbability: 0.01, duplicateProbability: 0.01 },
      schedule: [
        { kind: 'crash' as const, node: 4, startMs: 5538, durationMs: 5992 },
        { kind: 'isolate' as const, node: 2, startMs: 1583, durationMs: 1942 },
      ],
    },
  ])('with 1% loss and fast elections (seed $seed) every voter catches up once the run is healed', (found) => {
    const { checker } = runQuorumScenario({
      ...found,
      quorum: { preVote: false, electionTimeoutMs: 150, fetchTimeoutMs: 700, electionBackoffMaxMs: 150, requestTimeoutMs: 300 },
    });
    checker.checkEveryVoterHoldsCommitted();
    expect(checker.violation).toBeUndefined();
  });

  it('a committed metadata record is never lost and sits at the same offset on every voter that has it (KIP-595; invariant 14)', () => {
    fc.assert(
      fc.property(anyFaultsRun, (run) => {
        const { checker } = runQuorumScenario(run);
        checker.checkEveryVoterHoldsCommitted();
        const violation = checker.violation;
        if (violation !== undefined) throw new Error(`${violation.invariant} broken at ${violation.at}ms: ${violation.detail}\n${describeRun(run)}`);
        expect(checker.committed.length).toBeGreaterThan(0);
      }),
      { numRuns: RUNS },
    );
  });
});

/** Every live broker's replayed partitions, keyed and sorted, as one comparable string. */
function partitionsView(cluster: KraftCluster, id: number): string {
  const image = cluster.state(id)?.image;
  if (image === undefined) return 'down';
  return JSON.stringify([...image.partitions.entries()].sort(([a], [b]) => a.localeCompare(b)));
}

describe('KRaft brokers and failures (1,000 seeded runs each)', () => {
  it('every broker\'s view of partition leadership converges on the controller\'s once the network heals (KIP-631)', () => {
    // Kafka's default timeouts here (the safety runs above also cut them short): this is about brokers.
    const defaultTimeouts = anyFaultsRun.map((run) => ({ ...run, quorum: { preVote: run.quorum?.preVote ?? true } }));
    fc.assert(
      fc.property(defaultTimeouts, (run) => {
        const { cluster } = runQuorumScenario(run);
        const brokers = cluster.nodes.filter((node) => node.broker).map((node) => node.id);
        const converged = (): boolean => {
          const active = cluster.activeController();
          if (active === undefined) return false;
          const leader = cluster.state(active);
          if (leader === undefined || leader.highWatermark !== leader.log.length) return false;
          const expected = partitionsView(cluster, active);
          return brokers.every((id) => partitionsView(cluster, id) === expected);
        };
        if (!cluster.sim.runUntilCondition(converged, 10_000)) {
          const views = brokers.map((id) => `broker ${id}: ${partitionsView(cluster, id)}`).join('\n');
          throw new Error(`brokers did not converge within 10 s of healing\n${views}\n${describeRun(run)}`);
        }
      }),
      { numRuns: RUNS },
    );
  });

  // Liveness runs without packet loss: Kafka's requests ride TCP, which retransmits, while a
  // dropped fetch here costs a whole request timeout (2 s, equal to the fetch timeout), so loss
  // would measure the model's network rather than the quorum. Loss stays in the safety runs above.
  const losslessNetwork = networkArb.map((network) => ({ ...network, dropProbability: 0 }));
  const singleVoterFault = fc.record({
    seed: seedArb,
    combined: fc.boolean(),
    network: losslessNetwork,
    kind: fc.constantFrom('crash' as const, 'isolate' as const),
    voter: fc.constantFrom(1, 2, 3),
    startMs: fc.integer({ min: 2_000, max: 5_000 }),
    durationMs: fc.integer({ min: 12_000, max: 15_000 }),
  });

  it('with 3 voters any single controller failure is survived: the others elect an active controller and keep committing (KIP-595)', () => {
    fc.assert(
      fc.property(singleVoterFault, (fault) => {
        const run: Run = { ...fault, schedule: [{ kind: fault.kind, node: fault.voter, startMs: fault.startMs, durationMs: fault.durationMs }] };
        const cluster = build(run);
        const checker = new QuorumChecker(cluster);
        applyKraftSchedule(cluster, run.schedule, 0);
        const end = fault.startMs + fault.durationMs;
        scheduleWorkload(cluster, 1_000, end);
        cluster.sim.runUntil(fault.startMs + 1);
        const committedAtFault = checker.committed.length;
        cluster.sim.runUntil(end - 1);
        const active = cluster.activeController();
        const problems: string[] = [];
        if (active === undefined || active === fault.voter) problems.push(`no active controller among the other voters (active: ${active})`);
        if (checker.committed.length <= committedAtFault) problems.push(`nothing committed during the fault (${committedAtFault} records before and after)`);
        if (checker.violation !== undefined) problems.push(`${checker.violation.invariant}: ${checker.violation.detail}`);
        if (problems.length > 0) throw new Error(`${problems.join('; ')}\n${describeRun(run)}`);
      }),
      { numRuns: RUNS },
    );
  });

  const twoVotersDown = fc.record({
    seed: seedArb,
    combined: fc.boolean(),
    network: losslessNetwork,
    survivor: fc.constantFrom(1, 2, 3),
    startMs: fc.integer({ min: 2_000, max: 4_000 }),
    durationMs: fc.integer({ min: 6_000, max: 9_000 }),
  });

  it('with 2 of 3 voters down the quorum makes no progress: nothing new is committed and no controller is active, until one returns', () => {
    fc.assert(
      fc.property(twoVotersDown, (fault) => {
        const down = [1, 2, 3].filter((id) => id !== fault.survivor);
        const schedule: KraftFaultSchedule = down.map((node) => ({ kind: 'crash' as const, node, startMs: fault.startMs, durationMs: fault.durationMs }));
        const run: Run = { ...fault, schedule };
        const cluster = build(run);
        const checker = new QuorumChecker(cluster);
        applyKraftSchedule(cluster, schedule, 0);
        const end = fault.startMs + fault.durationMs;
        scheduleWorkload(cluster, 1_000, end + 8_000);
        // Messages sent before the crash may still arrive and complete a commit a majority already had.
        cluster.sim.runUntil(fault.startMs + 1_000);
        const committedDuringOutage = checker.committed.length;
        // The survivor, if it led, resigns by check quorum within 1.5 x fetch timeout (3 s).
        const quietFrom = fault.startMs + 3_500;
        let activeDuringOutage: string | undefined;
        for (let at = quietFrom; at < end; at += 250) {
          cluster.sim.schedule(at, 'look for an active controller', () => {
            const active = cluster.activeController();
            if (active !== undefined && activeDuringOutage === undefined) activeDuringOutage = `node ${active} at ${at}ms`;
          });
        }
        cluster.sim.runUntil(end - 1);
        const problems: string[] = [];
        if (checker.committed.length !== committedDuringOutage) {
          problems.push(`committed grew from ${committedDuringOutage} to ${checker.committed.length} with one voter of three`);
        }
        if (activeDuringOutage !== undefined) problems.push(`an active controller existed during the outage: ${activeDuringOutage}`);
        // Progress resumes once a majority is back.
        cluster.sim.runUntil(end + 8_000);
        if (cluster.activeController() === undefined) problems.push('no active controller 8 s after the voters returned');
        if (checker.committed.length <= committedDuringOutage) problems.push('nothing committed after the voters returned');
        if (checker.violation !== undefined) problems.push(`${checker.violation.invariant}: ${checker.violation.detail}`);
        if (problems.length > 0) throw new Error(`${problems.join('; ')}\n${describeRun(run)}`);
      }),
      { numRuns: RUNS },
    );
  });
});
