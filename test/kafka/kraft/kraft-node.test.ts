/**
 * One KRaft voter driven input by input, without a simulator (KIP-595; semantics 6.2, 6.3): what it
 * persists, how it answers each quorum request, and how the vote seam plugs in.
 */
import { describe, expect, it } from 'vitest';
import { ErrorCode, KafkaInputError } from '../../../src/kafka/errors.js';
import { kraftNodeMachine, initialKraftNodeState, type KraftCommand } from '../../../src/kafka/kraft/kraft-node.js';
import type { KraftNodeState } from '../../../src/kafka/kraft/kraft-node-state.js';
import { defaultKraftNodeConfig, checkVoterSet } from '../../../src/kafka/kraft/quorum-config.js';
import { isLegalTransition, LEGAL_TRANSITIONS } from '../../../src/kafka/kraft/raft-role.js';
import type { DecideVote } from '../../../src/kafka/kraft/vote.js';
import type { Message } from '../../../src/kafka/protocol/messages.js';
import type { NodeInput, Step } from '../../../src/kafka/step.js';

const voters = [1, 2, 3].map((id) => ({ id, node: `controller-${id}` }));
const context = (now: number) => ({ now, random: { nextInt: () => 0 } });

function voter(id: number, options: { decideVote?: DecideVote } = {}) {
  const machine = kraftNodeMachine(options);
  let state: KraftNodeState = initialKraftNodeState({ nodeId: id, node: `controller-${id}`, controller: true, broker: false, voters, config: defaultKraftNodeConfig });
  let last: Step<KraftNodeState> | undefined;
  const input = (event: NodeInput<KraftCommand>, now: number): Step<KraftNodeState> => {
    last = machine.step(state, event, context(now));
    state = last.state;
    return last;
  };
  return {
    machine,
    get state() {
      return state;
    },
    set state(next: KraftNodeState) {
      state = next;
    },
    start: (now = 0) => input({ kind: 'start' }, now),
    deliver: (from: string, message: Message, now: number) => input({ kind: 'deliver', envelope: { from, to: `controller-${id}`, message } }, now),
    wake: (now: number) => input({ kind: 'wake' }, now),
    reply: (type: string) => last?.messages.find((envelope) => envelope.message.type === type)?.message,
  };
}

const vote = (candidateId: number, candidateEpoch: number, lastOffsetEpoch = 0, lastOffset = 0, preVote = false): Message => ({
  type: 'VoteRequest',
  candidateId,
  candidateEpoch,
  lastOffsetEpoch,
  lastOffset,
  preVote,
});

describe('a voter answering Vote requests (KIP-595)', () => {
  it('grants one candidate per epoch, records the vote before answering, and keeps it across a crash (invariant 11)', () => {
    const node = voter(1);
    node.start();
    node.deliver('controller-2', vote(2, 1), 10);
    expect(node.reply('VoteResponse')).toMatchObject({ voteGranted: true, epoch: 1, error: ErrorCode.NONE });
    const persisted = node.machine.persisted(node.state);
    expect(persisted).toMatchObject({ epoch: 1, votedFor: 2 });
    node.state = node.machine.restart(persisted);
    node.start(20);
    node.deliver('controller-3', vote(3, 1), 30);
    expect(node.reply('VoteResponse')).toMatchObject({ voteGranted: false, epoch: 1 });
    node.deliver('controller-2', vote(2, 1), 40);
    expect(node.reply('VoteResponse')).toMatchObject({ voteGranted: true });
  });

  it('refuses a candidate whose log is behind, compared epoch first (KIP-595 "at least as up to date")', () => {
    const node = voter(1);
    node.start();
    node.state = { ...node.state, log: [{ offset: 0, epoch: 3, record: { type: 'LeaderChange', leaderId: 2, voters: [1, 2, 3] } }] };
    node.deliver('controller-2', vote(2, 5, 2, 40), 10);
    expect(node.reply('VoteResponse')).toMatchObject({ voteGranted: false, epoch: 5 });
    node.deliver('controller-3', vote(3, 5, 3, 1), 20);
    expect(node.reply('VoteResponse')).toMatchObject({ voteGranted: true, epoch: 5 });
  });

  it('a pre-vote (KIP-996) changes nothing: no epoch bump, no recorded vote', () => {
    const node = voter(1);
    node.start();
    node.deliver('controller-2', vote(2, 1, 0, 0, true), 10);
    expect(node.reply('VoteResponse')).toMatchObject({ voteGranted: true, preVote: true, epoch: 0 });
    expect(node.state.role).toMatchObject({ kind: 'unattached', epoch: 0 });
    expect(node.state.role).not.toHaveProperty('votedFor');
  });

  it('refuses a vote request from outside the voter set', () => {
    const node = voter(1);
    node.start();
    node.deliver('broker-7', vote(7, 1), 10);
    expect(node.reply('VoteResponse')).toMatchObject({ voteGranted: false, error: ErrorCode.INVALID_REQUEST });
  });
});

describe('the vote seam (lab 05-kraft-vote)', () => {
  it('the voter asks the plugged-in function and does what it says', () => {
    const calls: number[] = [];
    const neverGrant: DecideVote = (view, request) => {
      calls.push(request.candidateId);
      return { granted: false, error: ErrorCode.NONE, newState: view.state, reason: 'never' };
    };
    const node = voter(1, { decideVote: neverGrant });
    node.start();
    node.deliver('controller-2', vote(2, 1), 10);
    expect(calls).toEqual([2]);
    expect(node.reply('VoteResponse')).toMatchObject({ voteGranted: false });
  });

  it('a function that moves the epoch backwards gets a clear message', () => {
    const backwards: DecideVote = (view) => ({ granted: true, error: ErrorCode.NONE, newState: { kind: 'unattached', epoch: view.state.epoch - 1 }, reason: '' });
    const node = voter(1, { decideVote: backwards });
    node.start();
    node.state = { ...node.state, role: { kind: 'unattached', epoch: 3 } };
    expect(() => node.deliver('controller-2', vote(2, 3), 20)).toThrow(KafkaInputError);
    expect(() => node.deliver('controller-2', vote(2, 3), 30)).toThrow('decideVote returned epoch 2, below the voter\'s epoch 3: an epoch never goes back.');
  });

  it('a function that records a vote on a pre-vote is refused: pre-votes persist nothing', () => {
    const recordsPreVotes: DecideVote = (_view, request) => ({ granted: true, error: ErrorCode.NONE, newState: { kind: 'unattached', epoch: request.candidateEpoch, votedFor: request.candidateId }, reason: '' });
    const node = voter(1, { decideVote: recordsPreVotes });
    node.start();
    expect(() => node.deliver('controller-2', vote(2, 1, 0, 0, true), 10)).toThrow(/pre-vote changes and persists nothing/);
  });
});

describe('roles and their transitions (QuorumState)', () => {
  it('a node restarting as the recorded leader comes back Resigned in the same epoch', () => {
    const node = voter(1);
    node.start();
    node.state = { ...node.state, role: { kind: 'leader', epoch: 4, epochStartOffset: 0, voterEndOffsets: new Map(), lastFetchAt: new Map(), checkQuorumDeadline: 1e9, beginQuorumEpochAt: 1e9, parked: [] } };
    const restarted = node.machine.restart(node.machine.persisted(node.state));
    expect(restarted.role).toMatchObject({ kind: 'resigned', epoch: 4 });
  });

  it('the transition table has no edge into Leader except from Candidate, and observers\' edges exist', () => {
    for (const [from, targets] of LEGAL_TRANSITIONS) {
      if (targets.includes('leader')) expect(from).toBe('candidate');
    }
    expect(isLegalTransition('unattached', 'follower')).toBe(true);
    expect(isLegalTransition('follower', 'unattached')).toBe(true);
    expect(isLegalTransition('leader', 'candidate')).toBe(false);
    expect(isLegalTransition('prospective', 'leader')).toBe(false);
  });

  it('BeginQuorumEpoch from an older epoch is refused with FENCED_LEADER_EPOCH; from a newer one the voter follows', () => {
    const node = voter(1);
    node.start();
    node.deliver('controller-2', { type: 'BeginQuorumEpochRequest', leaderId: 2, leaderEpoch: 3 }, 10);
    expect(node.state.role).toMatchObject({ kind: 'follower', epoch: 3, leaderId: 2 });
    node.deliver('controller-3', { type: 'BeginQuorumEpochRequest', leaderId: 3, leaderEpoch: 2 }, 20);
    expect(node.reply('BeginQuorumEpochResponse')).toMatchObject({ error: ErrorCode.FENCED_LEADER_EPOCH, epoch: 3, leaderId: 2 });
  });

  it('EndQuorumEpoch: the first preferred successor stands at once, the second after the backoff share (KIP-595)', () => {
    const first = voter(2);
    const second = voter(3);
    for (const node of [first, second]) {
      node.start();
      node.deliver('controller-1', { type: 'BeginQuorumEpochRequest', leaderId: 1, leaderEpoch: 1 }, 10);
      node.deliver('controller-1', { type: 'EndQuorumEpochRequest', leaderId: 1, leaderEpoch: 1, preferredSuccessors: [2, 3] }, 100);
    }
    // Position 0 stands in the same step: a pre-vote for epoch 2.
    expect(first.state.role).toMatchObject({ kind: 'prospective', epoch: 1 });
    // min(backoffMax, (backoffMax >> (k - 1)) << (i - 1)) with k = 2, i = 1: 1000 >> 1 = 500.
    expect(second.state.role).toMatchObject({ kind: 'follower', fetchDeadline: 600, leaderResigned: true });
    second.wake(600);
    expect(second.state.role.kind).toBe('prospective');
  });
});

describe('the voter set (controller.quorum.voters)', () => {
  it('refuses repeated ids or addresses', () => {
    expect(() => checkVoterSet([{ id: 1, node: 'a' }, { id: 1, node: 'b' }])).toThrow('node id 1 appears twice');
    expect(() => checkVoterSet([{ id: 1, node: 'a' }, { id: 2, node: 'a' }])).toThrow('address a appears twice');
  });

  it('warns about 2 voters: no more failures tolerated than 1 voter', () => {
    expect(checkVoterSet([{ id: 1, node: 'a' }, { id: 2, node: 'b' }]).warnings[0]).toMatch(/2 voters is legal but pointless: a majority is 2, so it survives 0 failed voters/);
    expect(checkVoterSet(voters).warnings).toEqual([]);
  });
});
