/**
 * The KRaft quorum and the ZooKeeper-mode model, measured (semantics 6.8, 7.3):
 *
 * 1. Elections: a 3-voter quorum whose active controller is killed again and again (restarted once
 *    a successor is active), for ~1.5 s of wall time: elections per wall-clock second, and how many
 *    elections happen per second of simulated time in that loop (each one waits out the fetch
 *    timeout and an election, so the second figure says how long one failover takes in virtual time).
 * 2. "Kill the active controller", the tutor's scenario, over 25 seeds in each mode with the same
 *    seeds: median and worst time from the crash to a new active controller and to the first moved
 *    partition leader, in virtual ms. Then once with 2,000 partitions, where the ZooKeeper-mode
 *    controller must read every partition state back before it acts.
 *
 * Figures are simulated milliseconds with Kafka's default timeouts, not wall time; only the
 * elections-per-second figure depends on the machine. Run alone: npx tsx bench/kraft.bench.ts
 */
import { pathToFileURL } from 'node:url';
import type { TraceEvent } from '../src/kafka/trace.js';
import { KraftCluster } from '../src/sim/kraft/kraft-cluster.js';
import { runKraftFailover, type FailoverTimes } from '../src/sim/kraft/kraft-failover.js';
import { runZkFailover } from '../src/sim/zookeeper/zk-failover.js';
import type { BenchResult } from './result.js';
import { formatBenchTable } from './result.js';

const MEASURE_MS = 1_500;
const SEEDS = 25;

function measureElections(): BenchResult[] {
  const cluster = new KraftCluster({ seed: 1, controllers: 3, brokers: 0, network: { minDelayMs: 1, maxDelayMs: 10 }, recordTrace: false });
  let elections = 0;
  cluster.sim.onEvent((event) => {
    if ((event as unknown as TraceEvent).type === 'quorum.elected') elections += 1;
  });
  const started = performance.now();
  const simulatedStart = cluster.sim.now;
  let down: number | undefined;
  while (performance.now() - started < MEASURE_MS) {
    const active = cluster.awaitActiveController(60_000);
    if (active === undefined) throw new Error(`no controller elected (seed 1, t=${cluster.sim.now}ms)`);
    if (down !== undefined) cluster.restart(down);
    cluster.crash(active);
    down = active;
    cluster.sim.runFor(100);
  }
  const wallSeconds = (performance.now() - started) / 1_000;
  const simulatedSeconds = (cluster.sim.now - simulatedStart) / 1_000;
  return [
    { name: 'kraft: elections per wall-clock second', value: elections / wallSeconds, unit: 'elections/s', note: 'kill the leader, wait for the next, repeat' },
    {
      name: 'kraft: elections per second of simulated time',
      value: elections / simulatedSeconds,
      unit: 'elections/sim-s',
      note: `${elections} elections in ${simulatedSeconds.toFixed(0)} simulated s (each waits the 2 s fetch timeout)`,
    },
  ];
}

function percentile(values: readonly number[], fraction: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(fraction * sorted.length))] ?? Number.NaN;
}

function summarize(label: string, runs: readonly FailoverTimes[], field: 'newControllerMs' | 'firstNewPartitionLeaderMs'): BenchResult[] {
  const values = runs.map((run) => run[field]).filter((value): value is number => value !== undefined);
  const what = field === 'newControllerMs' ? 'crash → new active controller' : 'crash → first moved partition leader';
  const missing = runs.length - values.length;
  const note = `${values.length} seeds${missing > 0 ? `, ${missing} never got there` : ''}`;
  return [
    { name: `${label}: ${what}, median`, value: percentile(values, 0.5), unit: 'virtual ms', note },
    { name: `${label}: ${what}, worst`, value: Math.max(...values), unit: 'virtual ms', note },
  ];
}

function measureFailover(): BenchResult[] {
  const kraft: FailoverTimes[] = [];
  const zookeeper: FailoverTimes[] = [];
  for (let seed = 1; seed <= SEEDS; seed++) {
    kraft.push(runKraftFailover({ seed, recordTrace: false }).times);
    zookeeper.push(runZkFailover({ seed, recordTrace: false }).times);
  }
  const results = [
    ...summarize('kraft (combined, 6 partitions)', kraft, 'newControllerMs'),
    ...summarize('zookeeper (6 partitions)', zookeeper, 'newControllerMs'),
    ...summarize('kraft (combined, 6 partitions)', kraft, 'firstNewPartitionLeaderMs'),
    ...summarize('zookeeper (6 partitions)', zookeeper, 'firstNewPartitionLeaderMs'),
  ];
  const bigKraft = runKraftFailover({ seed: 1, partitions: 2_000, recordTrace: false }).times;
  const bigZookeeper = runZkFailover({ seed: 1, partitions: 2_000, recordTrace: false }).times;
  for (const [label, times] of [['kraft (combined, 2,000 partitions)', bigKraft], ['zookeeper (2,000 partitions)', bigZookeeper]] as const) {
    results.push({ name: `${label}: crash → new active controller`, value: times.newControllerMs ?? Number.NaN, unit: 'virtual ms', note: 'seed 1' });
    results.push({
      name: `${label}: crash → every moved partition led again`,
      value: times.allPartitionsMovedMs ?? Number.NaN,
      unit: 'virtual ms',
      note: `${times.partitionsToMove} partitions moved, seed 1`,
    });
  }
  return results;
}

export async function benchKraft(): Promise<BenchResult[]> {
  return [...measureElections(), ...measureFailover()];
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  console.log(formatBenchTable(await benchKraft()));
}
