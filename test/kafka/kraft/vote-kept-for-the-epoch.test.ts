/**
 * A vote binds its whole epoch: once the leader is known, a follower still records whom it voted
 * for (Kafka 4.x's quorum-state keeps the voted key beside the leader, KIP-853), the leader's vote
 * is its own, and both survive a restart.
 */
import { describe, expect, it } from 'vitest';
import type { KraftPersisted } from '../../../src/kafka/kraft/kraft-node-state.js';
import { votedForOf } from '../../../src/kafka/kraft/quorum-state.js';
import { viewOf } from '../../../src/kafka/kraft/raft-role.js';
import { KraftCluster } from '../../../src/sim/kraft/kraft-cluster.js';

describe('the vote recorded for an epoch', () => {
  it('stays with the leader and with the followers that granted it, and survives a restart', () => {
    const cluster = new KraftCluster({ seed: 5, controllers: 3, brokers: 0 });
    cluster.sim.runUntilCondition(() => cluster.activeController() !== undefined, 30_000);
    const leader = cluster.activeController()!;
    const epoch = cluster.state(leader)!.role.epoch;
    expect(votedForOf(viewOf(cluster.state(leader)!.role, leader))).toBe(leader);
    const voters = cluster.nodes.filter((node) => node.controller && node.id !== leader);
    const votes = voters.map((node) => votedForOf(viewOf(cluster.state(node.id)!.role, node.id)));
    // A majority of 3 is the leader's own vote plus at least one follower's.
    expect(votes).toContain(leader);
    const follower = voters[votes.indexOf(leader)]!;
    expect(cluster.state(follower.id)!.role).toMatchObject({ kind: 'follower', epoch, leaderId: leader, votedFor: leader });
    cluster.crash(follower.id);
    expect(cluster.sim.persistedOf<KraftPersisted>(follower.node)).toMatchObject({ epoch, votedFor: leader, leaderId: leader });
    cluster.restart(follower.id);
    expect(votedForOf(viewOf(cluster.state(follower.id)!.role, follower.id))).toBe(leader);
  });
});
