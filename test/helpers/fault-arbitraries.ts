/** fast-check generators for fault schedules (shrinking removes episodes and shortens them). */
import fc from 'fast-check';
import type { FaultEpisode, FaultKind, FaultSchedule } from '../../src/sim/cluster/faults.js';

const kinds: readonly FaultKind[] = ['crash', 'isolate', 'lose-controller'];

const episodeShape = fc.record({
  kind: fc.constantFrom(...kinds),
  broker: fc.integer({ min: 1, max: 3 }),
  gapMs: fc.integer({ min: 0, max: 5_000 }),
  durationMs: fc.integer({ min: 500, max: 25_000 }),
});

/** At most one broker failed at a time: each episode starts after the previous one ended. */
export const sequentialSchedule: fc.Arbitrary<FaultSchedule> = fc
  .array(episodeShape, { maxLength: 4 })
  .map((shapes) => {
    let cursor = 0;
    return shapes.map((shape): FaultEpisode => {
      const episode = { kind: shape.kind, broker: shape.broker, startMs: cursor + shape.gapMs, durationMs: shape.durationMs };
      cursor = episode.startMs + episode.durationMs;
      return episode;
    });
  });

/** Episodes may overlap: several brokers can be down or cut off at once. */
export const overlappingSchedule: fc.Arbitrary<FaultSchedule> = fc.array(
  fc.record({
    kind: fc.constantFrom(...kinds),
    broker: fc.integer({ min: 1, max: 3 }),
    startMs: fc.integer({ min: 0, max: 20_000 }),
    durationMs: fc.integer({ min: 500, max: 25_000 }),
  }),
  { maxLength: 4 },
);

export const simulationSeed = fc.integer({ min: 0, max: 2 ** 31 - 1 });

/** Packet loss on every link, sometimes none. */
export const packetLoss = fc.constantFrom(0, 0, 0.001, 0.01);

/** Only crashes, free to overlap: the shape of failure that unclean election needs. */
export const overlappingCrashes: fc.Arbitrary<FaultSchedule> = fc.array(
  fc.record({
    kind: fc.constant<FaultKind>('crash'),
    broker: fc.integer({ min: 1, max: 3 }),
    startMs: fc.integer({ min: 0, max: 20_000 }),
    durationMs: fc.integer({ min: 500, max: 25_000 }),
  }),
  { minLength: 2, maxLength: 4 },
);
