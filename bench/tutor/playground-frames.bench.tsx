/**
 * Frame time of each playground while running: one frame is what the running clock does every
 * 100 ms of real time (advance the simulation by 100 ms × speed of virtual time), then take the
 * snapshot and draw the view at 80 columns. Median and 95th percentile over 200 frames, at 1x and
 * at the fastest speed (16x). A frame well under 100 ms keeps the animation smooth.
 *   npx tsx bench/tutor/playground-frames.bench.tsx
 */
import { renderToString } from 'ink';
import { fileURLToPath } from 'node:url';
import { KraftFailoverSimulation } from '../../src/tutor/playgrounds/kraft/kraft-simulation.js';
import { FailoverView } from '../../src/tutor/playgrounds/kraft/kraft-view.js';
import { PartitioningSimulation } from '../../src/tutor/playgrounds/partitioning/partitioning-simulation.js';
import { PartitioningView } from '../../src/tutor/playgrounds/partitioning/partitioning-view.js';
import { GroupsSimulation } from '../../src/tutor/playgrounds/groups/groups-simulation.js';
import { GroupsView } from '../../src/tutor/playgrounds/groups/groups-view.js';
import { MessageFlowView } from '../../src/tutor/playgrounds/message-flow/message-flow-playground.js';
import { traceOneMessage } from '../../src/tutor/playgrounds/message-flow/message-flow-trace.js';
import { ReplicationSimulation } from '../../src/tutor/playgrounds/replication/replication-simulation.js';
import { ReplicationView } from '../../src/tutor/playgrounds/replication/replication-view.js';
import { FRAME_INTERVAL_MS } from '../../src/tutor/playgrounds/shared/use-playback.js';
import { formatBenchTable, type BenchResult } from '../result.js';

const FRAMES = 200;
const SEED = 7;
const COLUMNS = 80;

function percentile(values: readonly number[], fraction: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * fraction))]!;
}

function timeFrames(frame: (index: number) => void): number[] {
  const times: number[] = [];
  for (let index = 0; index < FRAMES; index++) {
    const started = performance.now();
    frame(index);
    times.push(performance.now() - started);
  }
  return times;
}

function report(name: string, times: readonly number[]): BenchResult[] {
  return [
    { name: `frame: ${name}, median`, value: percentile(times, 0.5), unit: 'ms' },
    { name: `frame: ${name}, p95`, value: percentile(times, 0.95), unit: 'ms' },
  ];
}

export async function benchPlaygroundFrames(): Promise<BenchResult[]> {
  const results: BenchResult[] = [];
  for (const speed of [1, 16]) {
    const partitioning = new PartitioningSimulation(SEED, 3);
    results.push(
      ...report(`partitioning ${speed}x`, timeFrames(() => {
        partitioning.advanceBy(FRAME_INTERVAL_MS * speed);
        const snapshot = partitioning.snapshot();
        renderToString(<PartitioningView snapshot={snapshot} explanation={partitioning.explain('user-456')} typing={false} width={COLUMNS} />, { columns: COLUMNS });
      })),
    );
    const replication = new ReplicationSimulation(SEED, 2);
    results.push(
      ...report(`replication ${speed}x`, timeFrames((index) => {
        if (index % 5 === 0) replication.produce(index % 15 === 0 ? -1 : 1);
        replication.advanceBy(FRAME_INTERVAL_MS * speed);
        const snapshot = replication.snapshot();
        renderToString(<ReplicationView snapshot={snapshot} acks={-1} selectedBroker={3} width={COLUMNS} recordRows={6} />, { columns: COLUMNS });
      })),
    );
  }
  const kraftBuildStarted = performance.now();
  new KraftFailoverSimulation(SEED).build();
  results.push({ name: 'kraft failover: build both clusters (after the first frame)', value: performance.now() - kraftBuildStarted, unit: 'ms' });
  for (const speed of [1, 16]) {
    const failover = new KraftFailoverSimulation(SEED);
    failover.build();
    results.push(
      ...report(`kraft failover ${speed}x`, timeFrames((index) => {
        // Every 10 frames: kill the active controller in the first 10 s of each 30 virtual s, restart the killed later.
        const second = Math.floor(failover.elapsedMs / 1000) % 30;
        if (index % 10 === 0 && second < 10) failover.killActiveController();
        if (index % 10 === 5 && second >= 10) failover.restartKilled();
        failover.advanceBy(FRAME_INTERVAL_MS * speed);
        const snapshot = failover.snapshot()!;
        renderToString(<FailoverView snapshot={snapshot} shown={index % 2 === 0 ? 'kraft' : 'zookeeper'} />, { columns: COLUMNS });
      })),
    );
  }
  const traceStarted = performance.now();
  const flow = traceOneMessage(SEED);
  results.push({ name: 'message flow: run and trace one send', value: performance.now() - traceStarted, unit: 'ms', note: `${flow.hops.length} hops` });
  results.push(...report('message flow, one hop', timeFrames((index) => {
    renderToString(<MessageFlowView flow={flow} hop={index % flow.hops.length} columns={COLUMNS} rows={20} />, { columns: COLUMNS });
  })));
  const groupsBuildStarted = performance.now();
  new GroupsSimulation(SEED);
  results.push({ name: 'consumer groups: build the cluster (before the first frame)', value: performance.now() - groupsBuildStarted, unit: 'ms' });
  for (const speed of [1, 16]) {
    const groups = new GroupsSimulation(SEED);
    results.push(
      ...report(`consumer groups ${speed}x`, timeFrames((index) => {
        // A consumer joins every 40 frames while fewer than 6 run; one leaves every 60.
        if (index % 40 === 20) groups.addConsumer();
        if (index % 60 === 59) groups.leave(groups.liveConsumers[0]!);
        groups.advanceBy(FRAME_INTERVAL_MS * speed);
        const snapshot = groups.snapshot();
        renderToString(<GroupsView snapshot={snapshot} consumers={snapshot.consumers} selected="c1" />, { columns: COLUMNS });
      })),
    );
  }
  return results;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) console.log(formatBenchTable(await benchPlaygroundFrames()));
