import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { runKraftFailover } from '../../../src/sim/kraft/kraft-failover.js';
import { runZkFailover } from '../../../src/sim/zookeeper/zk-failover.js';
import { KraftFailoverSimulation } from '../../../src/tutor/playgrounds/kraft/kraft-simulation.js';

const seed = fc.integer({ min: 1, max: 2 ** 31 - 1 });

describe('the KRaft failover playground simulation', () => {
  it('a kill at t=0 measures what runKraftFailover and runZkFailover measure, for any seed', () => {
    fc.assert(
      fc.property(seed, (value) => {
        const simulation = new KraftFailoverSimulation(value);
        simulation.killActiveController();
        simulation.advanceBy(40_000);
        const { crashAtMs: _kraftAt, ...kraft } = runKraftFailover({ seed: value }).times;
        const { crashAtMs: _zkAt, ...zookeeper } = runZkFailover({ seed: value }).times;
        const snapshot = simulation.snapshot()!;
        expect(snapshot.kraftTimes).toEqual({ ...kraft, crashAtMs: 0 });
        expect(snapshot.zookeeperTimes).toEqual({ ...zookeeper, crashAtMs: 0 });
      }),
      { numRuns: 25 },
    );
  });

  it('any script of kills and restarts replays to the same state from the seed', () => {
    const script = fc.array(fc.record({ afterMs: fc.integer({ min: 0, max: 8_000 }), kill: fc.boolean() }), { maxLength: 5 });
    fc.assert(
      fc.property(seed, script, (value, actions) => {
        const live = new KraftFailoverSimulation(value);
        for (const { afterMs, kill } of actions) {
          live.advanceBy(afterMs);
          if (kill) live.killActiveController();
          else live.restartKilled();
        }
        live.advanceBy(5_000);
        const replay = new KraftFailoverSimulation(value, live.script);
        replay.advanceBy(live.elapsedMs);
        expect(replay.snapshot()).toEqual(live.snapshot());
      }),
      { numRuns: 25 },
    );
  });
});
