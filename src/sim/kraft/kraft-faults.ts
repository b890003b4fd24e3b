/**
 * Fault schedules for a KRaft cluster, as plain data so a failing property prints them and a test
 * replays them: crash a node (its quorum-state file and log survive) and restart it, isolate a
 * node, or split the cluster in two. Episodes may overlap; at every start and end the faults in
 * force are derived from all the episodes active then (half-open [start, start + duration)), so
 * one episode's end never undoes another's.
 */
import type { KraftCluster } from './kraft-cluster.js';

export type KraftFault =
  | { readonly kind: 'crash'; readonly node: number; readonly startMs: number; readonly durationMs: number }
  | { readonly kind: 'isolate'; readonly node: number; readonly startMs: number; readonly durationMs: number }
  /** The listed nodes on one side, everyone else on the other. */
  | { readonly kind: 'partition'; readonly side: readonly number[]; readonly startMs: number; readonly durationMs: number };

export type KraftFaultSchedule = readonly KraftFault[];

export function describeKraftSchedule(schedule: KraftFaultSchedule): string {
  if (schedule.length === 0) return '(no faults)';
  return schedule
    .map((fault) => {
      const when = `at ${fault.startMs}ms for ${fault.durationMs}ms`;
      return fault.kind === 'partition' ? `partition [${fault.side.join(',')}] from the rest ${when}` : `${fault.kind} node ${fault.node} ${when}`;
    })
    .join('; ');
}

/** When the last episode ends (relative to the schedule's origin). */
export function scheduleEndMs(schedule: KraftFaultSchedule): number {
  return schedule.reduce((end, fault) => Math.max(end, fault.startMs + fault.durationMs), 0);
}

export function applyKraftSchedule(cluster: KraftCluster, schedule: KraftFaultSchedule, originMs: number): void {
  const boundaries = new Set<number>();
  for (const fault of schedule) {
    cluster.info(fault.kind === 'partition' ? (fault.side[0] ?? 1) : fault.node);
    boundaries.add(fault.startMs);
    boundaries.add(fault.startMs + fault.durationMs);
  }
  for (const at of [...boundaries].sort((a, b) => a - b)) {
    cluster.sim.schedule(originMs + at, `faults in force at +${at}ms`, () => enforce(cluster, schedule, at));
  }
}

function enforce(cluster: KraftCluster, schedule: KraftFaultSchedule, at: number): void {
  const active = schedule.filter((fault) => fault.startMs <= at && at < fault.startMs + fault.durationMs);
  const down = new Set(active.flatMap((fault) => (fault.kind === 'crash' ? [fault.node] : [])));
  for (const info of cluster.nodes) {
    const up = cluster.sim.isUp(info.node);
    if (down.has(info.id) && up) cluster.crash(info.id);
    if (!down.has(info.id) && !up) cluster.restart(info.id);
  }
  cluster.heal();
  for (const fault of active) {
    if (fault.kind === 'isolate') cluster.isolate(fault.node);
    if (fault.kind === 'partition') {
      const side = new Set(fault.side);
      const rest = cluster.nodes.map((node) => node.id).filter((id) => !side.has(id));
      if (side.size > 0 && rest.length > 0) cluster.partition([...side], rest);
    }
  }
}
