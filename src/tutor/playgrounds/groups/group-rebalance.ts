/**
 * The consumer-groups playground's model: members join and leave a group reading topic "orders"
 * (6 partitions), and each change runs a rebalance with the chosen client-side assignor, phase by
 * phase, as the classic group protocol does it:
 *
 * - eager (range, round-robin; Kafka's default list before 3.0 and the protocol of both):
 *   every member revokes everything first (consumption stops), then JoinGroup, the leader assigns,
 *   SyncGroup hands each member its partitions;
 * - cooperative (cooperative-sticky, KIP-429): members join keeping what they own; the assignor
 *   withholds every partition that changes owner; only those owners revoke; a second rebalance
 *   hands the withheld partitions out. Never two owners, and partitions that do not move never stop.
 *
 * Assignments come from the reference assignors in src/kafka/group. Simplified: the coordinator's
 * timing (session timeouts, heartbeats, the JoinGroup wait) is not simulated here; it arrives with
 * the group coordinator. Kafka 4.x's new consumer protocol (KIP-848) assigns on the broker instead.
 */
import type { Assignment, GroupMember } from '../../../kafka/group/assignor.js';
import { planCooperativeSticky } from '../../../kafka/group/cooperative-sticky-assignor.js';
import { rangeAssignor } from '../../../kafka/group/range-assignor.js';
import { roundRobinAssignor } from '../../../kafka/group/round-robin-assignor.js';
import type { TopicPartition } from '../../../kafka/ids.js';

export const GROUP_TOPIC = 'orders';
export const GROUP_PARTITIONS = 6;
export const MEMBERS_MAX = 8;
export const ASSIGNORS = ['range', 'round-robin', 'cooperative-sticky'] as const;
export type AssignorName = (typeof ASSIGNORS)[number];

/** Who owns each partition (undefined: nobody, it is not being consumed), by partition number. */
export type Ownership = ReadonlyMap<string, readonly number[]>;

export interface RebalancePhase {
  readonly title: string;
  /** Members and their partitions after this phase. */
  readonly owned: Ownership;
}

export interface GroupState {
  readonly assignor: AssignorName;
  readonly members: readonly string[];
  readonly nextMemberNumber: number;
  readonly generation: number;
  /** The current rebalance's phases; `phase` is how far it has got. Empty when stable. */
  readonly phases: readonly RebalancePhase[];
  readonly phase: number;
  readonly owned: Ownership;
}

export const initialGroupState: GroupState = {
  assignor: 'range',
  members: [],
  nextMemberNumber: 1,
  generation: 0,
  phases: [],
  phase: 0,
  owned: new Map(),
};

const partitionsPerTopic: ReadonlyMap<string, number> = new Map([[GROUP_TOPIC, GROUP_PARTITIONS]]);

function toOwnership(assignment: Assignment): Ownership {
  return new Map([...assignment].map(([member, partitions]) => [member, partitions.map((tp) => tp.partition).sort((a, b) => a - b)]));
}

function groupMembers(members: readonly string[], owned: Ownership): GroupMember[] {
  return members.map((memberId) => ({
    memberId,
    groupInstanceId: null,
    topics: [GROUP_TOPIC],
    ownedPartitions: (owned.get(memberId) ?? []).map((partition): TopicPartition => ({ topic: GROUP_TOPIC, partition })),
  }));
}

/** Only the members still in the group keep what they owned. */
function keepMembers(owned: Ownership, members: readonly string[]): Ownership {
  return new Map(members.map((member) => [member, owned.get(member) ?? []]));
}

export function planRebalance(assignor: AssignorName, members: readonly string[], owned: Ownership, reason: string): RebalancePhase[] {
  const current = keepMembers(owned, members);
  if (members.length === 0) return [{ title: `${reason}: the group is empty; nobody consumes`, owned: new Map() }];
  if (assignor !== 'cooperative-sticky') {
    const assign = assignor === 'range' ? rangeAssignor : roundRobinAssignor;
    const revokedAll = new Map(members.map((member) => [member, [] as number[]]));
    return [
      { title: `${reason}: eager rebalance, every member revokes all its partitions (consumption stops)`, owned: revokedAll },
      { title: `JoinGroup, SyncGroup: the leader runs ${assignor}; every member gets its new partitions`, owned: toOwnership(assign(groupMembers(members, current), partitionsPerTopic)) },
    ];
  }
  const first = planCooperativeSticky(groupMembers(members, current), partitionsPerTopic);
  const withheld = new Set(first.withheld.map((tp) => tp.partition));
  const afterRevoke = new Map(members.map((member) => [member, (current.get(member) ?? []).filter((partition) => !withheld.has(partition))]));
  const firstRound = toOwnership(first.assignment);
  const names = (partitions: Iterable<number>) => [...partitions].sort((a, b) => a - b).map((partition) => `P${partition}`).join(', ');
  const orphaned = [...owned].filter(([member]) => !members.includes(member)).flatMap(([, partitions]) => partitions);
  const revoked =
    withheld.size === 0
      ? 'nothing changes owner, nothing is revoked'
      : `round 1; only the partitions that move are revoked: ${names(withheld)}`;
  const phases: RebalancePhase[] = [
    {
      title: `${reason}: cooperative rebalance, ${revoked}${orphaned.length > 0 ? `; ${names(orphaned)} of the member that left wait for a new owner` : ''}`,
      owned: afterRevoke,
    },
    { title: 'SyncGroup: members keep what stays and get the partitions nobody owned', owned: firstRound },
  ];
  if (withheld.size > 0) {
    const second = planCooperativeSticky(groupMembers(members, firstRound), partitionsPerTopic);
    phases.push({ title: 'Round 2: the revoked partitions go to their new members', owned: toOwnership(second.assignment) });
  }
  return phases;
}

function startRebalance(state: GroupState, members: readonly string[], reason: string, extra: Partial<GroupState> = {}): GroupState {
  const settled = settle(state);
  return { ...settled, ...extra, members, generation: settled.generation + 1, phases: planRebalance(extra.assignor ?? settled.assignor, members, settled.owned, reason), phase: 0 };
}

/** Finish the rebalance in progress at once (a new change interrupts it, as a new JoinGroup does). */
export function settle(state: GroupState): GroupState {
  const last = state.phases.at(-1);
  return last === undefined ? state : { ...state, owned: last.owned, phases: [], phase: 0 };
}

export function addMember(state: GroupState): GroupState {
  if (state.members.length >= MEMBERS_MAX) return state;
  const member = `consumer-${state.nextMemberNumber}`;
  return startRebalance(state, [...state.members, member], `${member} joins`, { nextMemberNumber: state.nextMemberNumber + 1 });
}

export function removeMember(state: GroupState): GroupState {
  const leaving = state.members.at(-1);
  if (leaving === undefined) return state;
  return startRebalance(state, state.members.slice(0, -1), `${leaving} leaves`);
}

export function switchAssignor(state: GroupState): GroupState {
  const assignor = ASSIGNORS[(ASSIGNORS.indexOf(state.assignor) + 1) % ASSIGNORS.length]!;
  if (state.members.length === 0) return { ...settle(state), assignor };
  return startRebalance(state, state.members, `assignor now ${assignor}`, { assignor });
}

/** One phase further; after the last one the group is stable. */
export function stepRebalance(state: GroupState): GroupState {
  if (state.phases.length === 0) return state;
  if (state.phase + 1 < state.phases.length) return { ...state, phase: state.phase + 1 };
  return settle(state);
}

/** Who holds what right now: the phase shown, or the settled ownership. */
export function ownershipNow(state: GroupState): Ownership {
  return state.phases[state.phase]?.owned ?? state.owned;
}

/** Owner of each partition now (undefined: not consumed). */
export function ownersByPartition(state: GroupState): Array<string | undefined> {
  const owners: Array<string | undefined> = Array.from({ length: GROUP_PARTITIONS }, () => undefined);
  for (const [member, partitions] of ownershipNow(state)) {
    for (const partition of partitions) {
      if (owners[partition] !== undefined) throw new Error(`P${partition} has two owners: ${owners[partition]} and ${member}`);
      owners[partition] = member;
    }
  }
  return owners;
}
