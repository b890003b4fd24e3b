/**
 * What a durability property suite pays: 1,000 fault-injected runs of a whole simulated cluster
 * (src/sim/cluster/durability-run.ts: 3 brokers, a controller, a producer with acks=all and
 * min.insync.replicas=2, 20 records, then a 60 s settle phase and the invariant checks).
 *
 * Schedules: randomFaultSchedule(new SeededRandom(seed), { brokers: 3, maxEpisodes: 4, horizonMs: 30 s })
 * for seeds 0..999, the same seed driving the simulation. Schedules are built before the clock
 * starts; only the runs are timed. A short warm-up on other seeds lets V8 optimise first.
 *
 * Reported: total wall time, ms per run, how many runs broke an invariant (must be 0: acks=all with
 * one broker failed at a time loses nothing), and messages the simulator delivered per second of
 * wall time across those runs (a whole Kafka cluster's traffic, not the toy forwarders of
 * simulator.bench.ts). Run alone: npx tsx bench/property-runs.bench.ts
 */
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runDurabilityCheck } from '../src/sim/cluster/durability-run.js';
import { describeSchedule, randomFaultSchedule, type FaultSchedule } from '../src/sim/cluster/faults.js';
import { SeededRandom } from '../src/sim/random.js';
import { formatBenchTable, type BenchResult } from './result.js';

const RUNS = 1_000;
const WARMUP_RUNS = 20;
/** Warm-up seeds sit far from 0..RUNS-1, so the timed runs are exactly seeds 0..999. */
const WARMUP_SEED_BASE = 1_000_000;
/** The result whose value must be 0; bench/index.ts exits 1 when it is not. */
export const VIOLATIONS_RESULT = 'durability runs: invariant violations';

function scheduleFor(seed: number): FaultSchedule {
  return randomFaultSchedule(new SeededRandom(seed), { brokers: 3, maxEpisodes: 4, horizonMs: 30_000 });
}

export interface PropertyRunsSummary {
  readonly runs: number;
  readonly elapsedMs: number;
  readonly violations: number;
  /** The first run that broke an invariant, described so it can be replayed. */
  readonly firstViolation: string | undefined;
  readonly delivered: number;
  readonly virtualMs: number;
  readonly episodes: number;
}

export function timePropertyRuns(runs = RUNS): PropertyRunsSummary {
  for (let index = 0; index < WARMUP_RUNS; index++) {
    const seed = WARMUP_SEED_BASE + index;
    runDurabilityCheck({ seed, schedule: scheduleFor(seed) });
  }
  const schedules = Array.from({ length: runs }, (_, seed) => scheduleFor(seed));
  let violations = 0;
  let firstViolation: string | undefined;
  let delivered = 0;
  let virtualMs = 0;
  const start = performance.now();
  for (let seed = 0; seed < runs; seed++) {
    const schedule = schedules[seed]!;
    const result = runDurabilityCheck({ seed, schedule });
    delivered += result.delivered ?? 0;
    virtualMs += result.virtualMs;
    if (result.violation !== undefined) {
      violations++;
      firstViolation ??= `seed ${seed}: ${result.violation.invariant}: ${result.violation.message} (schedule: ${describeSchedule(schedule)})`;
    }
  }
  const elapsedMs = performance.now() - start;
  const episodes = schedules.reduce((sum, schedule) => sum + schedule.length, 0);
  return { runs, elapsedMs, violations, firstViolation, delivered, virtualMs, episodes };
}

export async function benchPropertyRuns(): Promise<BenchResult[]> {
  const summary = timePropertyRuns();
  const setup = `${summary.runs.toLocaleString('en-US')} durability runs, seeds 0..${summary.runs - 1}, ${summary.episodes} fault episodes in all`;
  return [
    { name: 'durability runs: total wall time', value: summary.elapsedMs / 1_000, unit: 's', note: setup },
    { name: 'durability runs: per run', value: summary.elapsedMs / summary.runs, unit: 'ms', note: `3 brokers + controller + producer, ${(summary.virtualMs / summary.runs / 1_000).toFixed(1)} s of virtual time each on average` },
    {
      name: VIOLATIONS_RESULT,
      value: summary.violations,
      unit: 'runs',
      note: summary.firstViolation ?? 'must be 0 (acks=all, min.insync.replicas=2, one broker failed at a time)',
    },
    {
      name: 'durability runs: delivered messages per second',
      value: (summary.delivered / summary.elapsedMs) * 1_000,
      unit: 'msg/s',
      note: `${summary.delivered.toLocaleString('en-US')} messages delivered by the simulator, trace off`,
    },
    {
      name: 'durability runs: virtual time per wall second',
      value: summary.virtualMs / summary.elapsedMs,
      unit: 'x',
      note: `${Math.round(summary.virtualMs / 1_000).toLocaleString('en-US')} s simulated`,
    },
  ];
}

const script = process.argv[1];
if (script !== undefined && fileURLToPath(import.meta.url) === resolve(script)) {
  console.log(formatBenchTable(await benchPropertyRuns()));
}
