/**
 * `npm run bench`: every benchmark, one after another in one process, then one table.
 *
 * - murmur2.bench.ts: our murmur2 against KafkaJS's, keys per second and the ratio;
 * - simulator.bench.ts: delivered messages per second, small simulations per second;
 * - property-runs.bench.ts: 1,000 fault-injected durability runs of a whole cluster;
 * - lesson-load.bench.ts: loading lesson 02 (fresh process and warm), its diagrams, quiz and rendering.
 * - tutor/first-frame.bench.ts: launch to first frame, the tutor beside a bare Ink hello;
 * - tutor/playground-frames.bench.tsx: each playground's frame time while running.
 * - groups.bench.ts: assignment time for 1,000 members x 10,000 partitions per assignor, rebalances per second.
 * - kraft.bench.ts: KRaft elections per second, and kill-the-controller failover times in KRaft and ZooKeeper mode.
 * - labs.bench.ts: the lab runner's save → verdict latency per exercise, and `npm run lab 02 -- --check`.
 *
 * Benchmarks only report; nothing here asserts a timing, and `npm test` never runs this (vitest
 * only picks up test/**\/*.test.ts). The one exit code that means something: 1 when a durability
 * run broke an invariant, since that is a correctness failure, not a slow machine.
 * Each benchmark also runs alone: npx tsx bench/<name>.bench.ts
 */
import { cpus, platform, arch } from 'node:os';
import { benchLessonLoad } from './lesson-load.bench.js';
import { benchGroups } from './groups.bench.js';
import { benchLabs } from './labs.bench.js';
import { benchMurmur2 } from './murmur2.bench.js';
import { benchPropertyRuns, VIOLATIONS_RESULT } from './property-runs.bench.js';
import { benchKraft } from './kraft.bench.js';
import { formatBenchTable, type BenchResult } from './result.js';
import { benchSimulator } from './simulator.bench.js';
import { benchFirstFrame } from './tutor/first-frame.bench.js';
import { benchPlaygroundFrames } from './tutor/playground-frames.bench.js';

interface Section {
  readonly title: string;
  readonly run: () => Promise<BenchResult[]>;
}

const sections: readonly Section[] = [
  { title: 'murmur2', run: benchMurmur2 },
  { title: 'simulator', run: benchSimulator },
  { title: 'durability property runs', run: benchPropertyRuns },
  { title: 'lesson load', run: benchLessonLoad },
  { title: 'tutor: launch to first frame', run: benchFirstFrame },
  { title: 'tutor: playground frames', run: benchPlaygroundFrames },
  { title: 'consumer groups', run: benchGroups },
  { title: 'kraft quorum and failover', run: benchKraft },
  { title: 'lab runner', run: benchLabs },
];

function machine(): string {
  const cores = cpus();
  const model = cores[0]?.model.trim() ?? 'unknown CPU';
  return `machine: ${cores.length} cores (${model}), ${platform()} ${arch()}, Node ${process.version}`;
}

console.log(machine());
console.log('');

const results: BenchResult[] = [];
const started = performance.now();
for (const section of sections) {
  // Progress goes to stderr, so `npm run bench > figures.txt` keeps only the table.
  process.stderr.write(`running ${section.title}...\n`);
  const sectionStart = performance.now();
  results.push(...(await section.run()));
  process.stderr.write(`  done in ${((performance.now() - sectionStart) / 1_000).toFixed(1)} s\n`);
}

console.log(formatBenchTable(results));
console.log('');
console.log(`all benchmarks: ${((performance.now() - started) / 1_000).toFixed(1)} s`);

const violations = results.find((result) => result.name === VIOLATIONS_RESULT);
if (violations !== undefined && violations.value > 0) {
  console.error(`\n${violations.value} durability run(s) broke an invariant: ${violations.note ?? ''}`);
  process.exitCode = 1;
}
