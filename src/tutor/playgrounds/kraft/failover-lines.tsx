/**
 * The failover playground's trace: one short sentence per quorum, controller and ZooKeeper event
 * (the generic trace format prints these as key=value, too long for 80 columns); any other event
 * keeps the shared sentence (src/sim/trace-format.ts). Newest last.
 */
import { describeEvent } from '../../../sim/trace-format.js';
import type { SimTraceEvent } from '../../../sim/sim-events.js';

/** A sentence for the events of a failover, or undefined to keep the shared one. */
export function describeFailoverEvent(event: SimTraceEvent): string | undefined {
  switch (event.type) {
    case 'node.crashed':
      return 'crashed (killed)';
    case 'node.restarted':
      return 'restarted';
    case 'quorum.transition':
      return `${event.from} → ${event.to}, epoch ${event.epoch}${event.leaderId === undefined ? '' : `, leader ${event.leaderId}`}: ${event.reason}`;
    case 'quorum.vote':
      return `${event.granted ? 'grants' : 'refuses'} ${event.preVote ? 'pre-vote' : 'vote'} to ${event.candidateId} for epoch ${event.candidateEpoch}${event.granted ? '' : `: ${event.reason}`}`;
    case 'quorum.elected':
      return `leader of epoch ${event.epoch}, votes from ${event.votes.join(', ')}; LeaderChange at offset ${event.epochStartOffset}`;
    case 'quorum.committed':
      return `HW ${event.from} → ${event.to} (epoch ${event.epoch})`;
    case 'metadata.appended':
      return `appends ${event.record} at offset ${event.offset}`;
    case 'controller.activated':
      return `ACTIVE CONTROLLER of epoch ${event.epoch}; its ${event.recordsInMemory} records were already in memory`;
    case 'controller.deactivated':
      return `no longer the active controller (epoch ${event.epoch}): ${event.reason}`;
    case 'zk.session-expired':
      return `expires ${event.client}'s session; deletes ${event.ephemeralsDeleted.join(', ')}`;
    case 'zk.controller-elected':
      return `wins the /controller race, controller epoch ${event.controllerEpoch}; reads all metadata`;
    case 'zk.controller-active':
      return `ACTIVE CONTROLLER of epoch ${event.controllerEpoch} after reading ${event.znodesRead} znodes (${event.loadMs} ms)`;
    case 'zk.leader-and-isr':
      return `LeaderAndIsr from controller epoch ${event.controllerEpoch}: ${event.partitions} partitions`;
    default:
      return undefined;
  }
}

export function failoverLine(event: SimTraceEvent): string {
  const details = describeEvent(event);
  const sentence = describeFailoverEvent(event) ?? (details === '' ? event.type : `${event.type} ${details}`);
  return `${String(event.at).padStart(6)}ms ${event.node.padEnd(9)} ${sentence}`;
}
