/**
 * The voter machine answers every combination of its role and vote, the request's epoch and the
 * candidate's log position exactly as the vote decision says, and persists what it granted before
 * the answer leaves (KIP-595; semantics 6.2 steps 2-5, invariant 11). 8 roles x 3 epochs x 5 logs.
 */
import { describe, expect, it } from 'vitest';
import { kraftNodeMachine, initialKraftNodeState } from '../../../src/kafka/kraft/kraft-node.js';
import type { KraftNodeState } from '../../../src/kafka/kraft/kraft-node-state.js';
import type { MetadataEntry } from '../../../src/kafka/kraft/metadata-records.js';
import { defaultKraftNodeConfig } from '../../../src/kafka/kraft/quorum-config.js';
import { viewOf, type RaftRole } from '../../../src/kafka/kraft/raft-role.js';
import { decideVote } from '../../../src/kafka/kraft/vote.js';
import { votedForOf } from '../../../src/kafka/kraft/quorum-state.js';
import type { VoteResponse } from '../../../src/kafka/kraft/raft-messages.js';

const EPOCH = 5;
const SELF = 1;
const CANDIDATE = 2;
const voters = [1, 2, 3, 4, 5].map((id) => ({ id, node: `controller-${id}` }));

const roles: ReadonlyArray<readonly [string, RaftRole]> = [
  ['unattached, no vote', { kind: 'unattached', epoch: EPOCH, electionDeadline: 1e9 }],
  ['unattached, voted for the candidate', { kind: 'unattached', epoch: EPOCH, votedFor: CANDIDATE, electionDeadline: 1e9 }],
  ['unattached, voted for another', { kind: 'unattached', epoch: EPOCH, votedFor: 3, electionDeadline: 1e9 }],
  ['follower of 3', { kind: 'follower', epoch: EPOCH, leaderId: 3, fetchDeadline: 1e9 }],
  ['candidate', { kind: 'candidate', epoch: EPOCH, granted: [SELF], rejected: [], electionDeadline: 1e9 }],
  ['prospective', { kind: 'prospective', epoch: EPOCH, granted: [SELF], rejected: [], electionDeadline: 1e9 }],
  ['resigned', { kind: 'resigned', epoch: EPOCH, electionDeadline: 1e9 }],
  [
    'leader',
    { kind: 'leader', epoch: EPOCH, epochStartOffset: 9, voterEndOffsets: new Map(), lastFetchAt: new Map(), checkQuorumDeadline: 1e9, beginQuorumEpochAt: 1e9, parked: [] },
  ],
];

/** The voter's log: 10 entries, the last in epoch 4 (LEO 10). */
const log: MetadataEntry[] = Array.from({ length: 10 }, (_, offset) => ({ offset, epoch: offset < 5 ? 3 : 4, record: { type: 'LeaderChange', leaderId: 3, voters: [1, 2, 3] } }));

const candidateLogs: ReadonlyArray<readonly [string, number, number]> = [
  ['behind by epoch', 3, 50],
  ['behind by offset', 4, 9],
  ['equal', 4, 10],
  ['ahead by offset', 4, 11],
  ['ahead by epoch', 5, 1],
];

describe('the voter machine over every role x request epoch x candidate log (KIP-595)', () => {
  const machine = kraftNodeMachine();
  const base = initialKraftNodeState({ nodeId: SELF, node: 'controller-1', controller: true, broker: false, voters, config: defaultKraftNodeConfig });
  const cases = roles.flatMap(([roleName, role]) =>
    [EPOCH - 1, EPOCH, EPOCH + 1].flatMap((candidateEpoch) =>
      candidateLogs
        .filter(([, lastEpoch]) => lastEpoch < candidateEpoch)
        .map(([logName, lastOffsetEpoch, lastOffset]) => ({ roleName, role, candidateEpoch, logName, lastOffsetEpoch, lastOffset })),
    ),
  );

  it(`covers ${cases.length} combinations (a candidate's last epoch is always below its candidate epoch)`, () => {
    expect(cases.length).toBe(8 * (1 + 4 + 5));
  });

  it.each(cases)('$roleName, request epoch $candidateEpoch, candidate log $logName', ({ role, candidateEpoch, lastOffsetEpoch, lastOffset }) => {
    const state: KraftNodeState = { ...base, role, log };
    const request = { candidateId: CANDIDATE, candidateEpoch, lastOffsetEpoch, lastOffset, preVote: false } as const;
    const expected = decideVote({ id: SELF, state: viewOf(role, SELF), lastLogPosition: { epoch: 4, offset: 10 }, hasFetchedFromLeaderRecently: false }, request);
    const step = machine.step(state, { kind: 'deliver', envelope: { from: 'controller-2', to: 'controller-1', message: { type: 'VoteRequest', ...request } } }, { now: 100, random: { nextInt: () => 0 } });
    const response = step.messages.find((envelope) => envelope.message.type === 'VoteResponse')?.message as VoteResponse;
    expect(response.voteGranted).toBe(expected.granted);
    expect(response.error).toBe(expected.error);
    expect(response.epoch).toBe(expected.newState.epoch);
    const persisted = machine.persisted(step.state);
    expect(persisted.epoch).toBe(expected.newState.epoch);
    if (expected.granted) expect(persisted.votedFor).toBe(CANDIDATE);
    if (expected.newState.epoch === EPOCH && !expected.granted) expect(votedForOf(viewOf(step.state.role, SELF))).toBe(votedForOf(viewOf(role, SELF)));
  });
});
