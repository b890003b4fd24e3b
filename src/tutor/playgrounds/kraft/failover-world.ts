/**
 * What the two sides of the failover playground share: a settled cluster, the origin of its clock,
 * killing the active controller with each kill measured as the failover runs measure it, and
 * restarting what was killed. KraftWorld and ZkWorld say how their cluster does each of these.
 */
import type { FailoverTimes, KillMeasurement } from '../../../sim/kraft/kraft-failover.js';

export abstract class FailoverWorld<Id> {
  readonly originMs: number;
  private readonly killed: Id[] = [];
  private measurement: KillMeasurement | undefined;

  protected constructor(
    readonly seed: number,
    private readonly clock: { readonly now: number },
  ) {
    this.originMs = clock.now;
  }

  get elapsedMs(): number {
    return this.clock.now - this.originMs;
  }

  /** The latest kill's figures, as they stand now. */
  get times(): FailoverTimes | undefined {
    return this.measurement?.times;
  }

  /** Kills the active controller; false when there is none (no quorum, or mid-election). */
  killActive(): boolean {
    const crashed = this.activeController();
    this.measurement?.stop();
    // A kill that found no active controller ends the previous measurement: its figures belong to an earlier kill.
    this.measurement = undefined;
    if (crashed === undefined) return false;
    this.measurement = this.measure(crashed);
    this.crash(crashed);
    this.killed.push(crashed);
    return true;
  }

  /** Restarts every node killed here that is still down; false when none is. */
  restartKilled(): boolean {
    const down = this.killed.filter((id) => !this.isUp(id));
    for (const id of down) this.restart(id);
    this.killed.length = 0;
    return down.length > 0;
  }

  protected abstract activeController(): Id | undefined;
  protected abstract measure(crashed: Id): KillMeasurement;
  protected abstract crash(id: Id): void;
  protected abstract isUp(id: Id): boolean;
  protected abstract restart(id: Id): void;
}
