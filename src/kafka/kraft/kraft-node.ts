/**
 * A KRaft node as a NodeMachine (semantics 6.1, 6.2, 6.5; KIP-500, KIP-595, KIP-631): a controller
 * (a voter of the metadata quorum, and the active controller while it is the Raft leader), a broker
 * (an observer that replicates the metadata log without voting, registers and heartbeats), or both
 * ("combined" mode, `process.roles=broker,controller`, which Kafka recommends only for development
 * and small clusters; production runs 3 or 5 dedicated controllers).
 *
 * Each step: the shared epoch rule and the message's own handler, then every timer that is due
 * (election, fetch, leader, controller, broker), then the next deadline as wakeAt. Crash: the
 * quorum-state file (epoch, vote, leader) and the log survive; the HW, the image and all soft state
 * are rebuilt (semantics 6.2). A node that restarts as the recorded leader comes back Resigned in
 * the same epoch, so it can neither vote again in it nor reuse its offsets.
 *
 * The vote decision is the lab seam (`decideVote`, exercise 05-kraft-vote), the leader election
 * of partitions the `electLeader` seam; both default to the reference versions.
 */
import { electLeader as referenceElectLeader, type ElectLeader } from '../controller/leader-election.js';
import { KafkaInputError } from '../errors.js';
import type { NodeId } from '../ids.js';
import type { Message } from '../protocol/messages.js';
import { earliest, Outbox, type NodeInput, type NodeMachine, type Step, type StepContext } from '../step.js';
import { createTopic, handleHeartbeat, handleRegistration, settleController, type CreateTopicCommand } from './active-controller.js';
import { brokerDeadline, brokerDisconnected, handleHeartbeatResponse, handleRegistrationResponse, newBrokerRole, pollBroker } from './broker-lifecycle.js';
import { emptyImage } from './metadata-image.js';
import { checkQuorumConfig, checkVoterSet, type KraftNodeConfig, type VoterAddress } from './quorum-config.js';
import { electionDeadline, handleVoteRequest, handleVoteResponse, pollElection } from './raft-election.js';
import { fetcherDeadline, fetcherDisconnected, handleFetchResponse, pollFetcher } from './raft-fetcher.js';
import { handleFetchRequest, leaderDeadline, pollLeader, resign } from './raft-leader.js';
import { leaderOf, type RaftRole } from './raft-role.js';
import { becomeFollower, becomeUnattached, observeLeaderHint, ownHint, randomElectionTimeoutMs } from './raft-transitions.js';
import { decideVote as referenceDecideVote, type DecideVote } from './vote.js';
import { type KraftIdentity, type KraftNodeState, type KraftPersisted, type Turn, type Working } from './kraft-node-state.js';
import { ErrorCode } from '../errors.js';
import type { BeginQuorumEpochRequest, EndQuorumEpochRequest } from './raft-messages.js';

export type KraftCommand =
  | CreateTopicCommand
  /** Graceful shutdown of the active controller: Resigned, EndQuorumEpoch to the others. */
  | { readonly type: 'resign' };

export interface KraftNodeOptions {
  readonly decideVote?: DecideVote;
  readonly electLeader?: ElectLeader;
}

/** A KRaft node is its own machine per node, because the seams are closed over. */
export function kraftNodeMachine(options: KraftNodeOptions = {}): NodeMachine<KraftNodeState, KraftCommand, KraftPersisted> {
  const decideVote = options.decideVote ?? referenceDecideVote;
  const mechanisms = { electLeader: options.electLeader ?? referenceElectLeader };

  function step(state: KraftNodeState, input: NodeInput<KraftCommand>, context: StepContext): Step<KraftNodeState> {
    const out = new Outbox(state.identity.node, context.now);
    const t: Turn = { n: { ...state } as Working, out, now: context.now, random: context.random, decideVote };
    switch (input.kind) {
      case 'start':
        onStart(t);
        break;
      case 'deliver':
        deliver(t, input.envelope.from, input.envelope.message);
        break;
      case 'command':
        onCommand(t, input.command);
        break;
      case 'disconnected':
        fetcherDisconnected(t, input.peer);
        brokerDisconnected(t, input.peer);
        break;
      case 'wake':
        break;
    }
    poll(t);
    return out.finish(t.n as KraftNodeState, nextDeadline(t));
  }

  function deliver(t: Turn, from: NodeId, message: Message): void {
    switch (message.type) {
      case 'VoteRequest':
        return handleVoteRequest(t, from, message);
      case 'VoteResponse':
        return handleVoteResponse(t, from, message);
      case 'BeginQuorumEpochRequest':
        return handleBeginQuorumEpoch(t, from, message);
      case 'EndQuorumEpochRequest':
        return handleEndQuorumEpoch(t, from, message);
      case 'BeginQuorumEpochResponse':
      case 'EndQuorumEpochResponse':
        observeLeaderHint(t, message, `${message.type} from ${from}`);
        return;
      case 'RaftFetchRequest':
        return handleFetchRequest(t, from, message);
      case 'RaftFetchResponse':
        return handleFetchResponse(t, from, message);
      case 'BrokerRegistrationRequest':
        return handleRegistration(t, mechanisms, from, message);
      case 'BrokerHeartbeatRequest':
        return handleHeartbeat(t, mechanisms, from, message);
      case 'BrokerRegistrationResponse':
        return handleRegistrationResponse(t, from, message);
      case 'BrokerHeartbeatResponse':
        return handleHeartbeatResponse(t, from, message);
      default:
        t.out.emit({ type: 'input.rejected', reason: `a KRaft node does not handle ${message.type} (from ${from})` });
    }
  }

  function onCommand(t: Turn, command: KraftCommand): void {
    switch (command.type) {
      case 'create-topic':
        return createTopic(t, command);
      case 'resign':
        if (t.n.role.kind !== 'leader') {
          t.out.emit({ type: 'input.rejected', reason: `resign: node ${t.n.identity.nodeId} is not the leader` });
          return;
        }
        return resign(t, 'graceful shutdown');
    }
  }

  /** Every timer that is due, then whatever the new state makes due at once (a fetch, a heartbeat). */
  function poll(t: Turn): void {
    if (t.n.role.kind === 'leader') pollLeader(t);
    else if (t.n.identity.controller) pollElection(t);
    settleController(t, mechanisms);
    pollFetcher(t);
    pollBroker(t);
  }

  return {
    step,
    persisted: persistedOf,
    restart: restartFrom,
  };
}

function onStart(t: Turn): void {
  const role = t.n.role;
  if (t.n.identity.controller && role.kind === 'unattached' && role.electionDeadline === undefined) {
    t.n.role = { ...role, electionDeadline: t.now + randomElectionTimeoutMs(t) };
  } else if (t.n.identity.controller && role.kind === 'resigned') {
    t.n.role = { ...role, electionDeadline: t.now + randomElectionTimeoutMs(t) };
  } else if (t.n.identity.controller && role.kind === 'follower') {
    t.n.role = { ...role, fetchDeadline: t.now + t.n.config.quorum.fetchTimeoutMs };
  }
  if (t.n.identity.broker) t.n.broker = newBrokerRole(t);
}

/** BeginQuorumEpoch (KIP-595): the new leader announces itself; an older epoch is refused. */
function handleBeginQuorumEpoch(t: Turn, from: NodeId, request: BeginQuorumEpochRequest): void {
  const role = t.n.role;
  let error: ErrorCode = ErrorCode.NONE;
  if (request.leaderEpoch < role.epoch) {
    error = ErrorCode.FENCED_LEADER_EPOCH;
  } else if (!observeLeaderHint(t, { epoch: request.leaderEpoch, leaderId: request.leaderId }, `BeginQuorumEpoch from ${request.leaderId}`)) {
    const known = leaderOf(role, t.n.identity.nodeId);
    if (known !== undefined && known !== request.leaderId) {
      // Two leaders in one epoch: impossible with the reference vote, possible with a wrong one in
      // the seam. Keep the first, say so, and let the quorum checker report the broken promise.
      t.out.emit({ type: 'input.rejected', reason: `two leaders in epoch ${role.epoch}: ${known} and ${request.leaderId}; still following ${known}` });
      error = ErrorCode.INVALID_REQUEST;
    } else if (role.kind === 'resigned') {
      becomeFollower(t, request.leaderEpoch, request.leaderId, 'BeginQuorumEpoch');
    }
  }
  t.out.send(from, { type: 'BeginQuorumEpochResponse', ...ownHint(t), error });
}

/**
 * EndQuorumEpoch (KIP-595): the leader is resigning. A follower of it stands for election after a
 * delay set by its place among the preferred successors: the first at once, the i-th after
 * min(backoffMax, (backoffMax >> (k - 1)) << (i - 1)) for k successors; one not listed waits backoffMax.
 */
function handleEndQuorumEpoch(t: Turn, from: NodeId, request: EndQuorumEpochRequest): void {
  const role = t.n.role;
  if (request.leaderEpoch < role.epoch) {
    t.out.send(from, { type: 'EndQuorumEpochResponse', ...ownHint(t), error: ErrorCode.FENCED_LEADER_EPOCH });
    return;
  }
  if (request.leaderEpoch > role.epoch) {
    becomeUnattached(t, request.leaderEpoch, undefined, `EndQuorumEpoch from ${request.leaderId} in a newer epoch`);
  } else if (role.kind === 'follower' && role.leaderId === request.leaderId && t.n.identity.controller) {
    const successors = request.preferredSuccessors;
    const position = successors.indexOf(t.n.identity.nodeId);
    const max = t.n.config.quorum.electionBackoffMaxMs;
    const delay = position < 0 ? max : position === 0 ? 0 : Math.min(max, (max >> (successors.length - 1)) << (position - 1));
    t.n.role = { ...role, leaderResigned: true, fetchDeadline: t.now + delay };
  }
  t.out.send(from, { type: 'EndQuorumEpochResponse', ...ownHint(t), error: ErrorCode.NONE });
}

function nextDeadline(t: Turn): number | undefined {
  const role = t.n.role;
  const roleDeadline = role.kind === 'leader' ? leaderDeadline(role) : electionDeadline(role);
  return earliest(roleDeadline, t.n.controller?.nextFenceCheckAt, fetcherDeadline(t), brokerDeadline(t));
}

function persistedOf(state: KraftNodeState): KraftPersisted {
  const role = state.role;
  const self = state.identity.nodeId;
  const votedFor = role.kind === 'unattached' || role.kind === 'prospective' || role.kind === 'follower' ? role.votedFor : role.kind === 'candidate' || role.kind === 'leader' || role.kind === 'resigned' ? self : undefined;
  const leaderId = role.kind === 'resigned' ? self : leaderOf(role, self);
  return { identity: state.identity, config: state.config, epoch: role.epoch, votedFor, leaderId, log: state.log };
}

function restartFrom(persisted: KraftPersisted): KraftNodeState {
  const self = persisted.identity.nodeId;
  let role: RaftRole;
  if (persisted.leaderId === self) role = { kind: 'resigned', epoch: persisted.epoch, electionDeadline: 0 };
  else if (persisted.leaderId !== undefined) {
    role = persisted.votedFor === undefined ? { kind: 'follower', epoch: persisted.epoch, leaderId: persisted.leaderId } : { kind: 'follower', epoch: persisted.epoch, leaderId: persisted.leaderId, votedFor: persisted.votedFor };
  }
  else role = persisted.votedFor === undefined ? { kind: 'unattached', epoch: persisted.epoch } : { kind: 'unattached', epoch: persisted.epoch, votedFor: persisted.votedFor };
  return freshState(persisted.identity, persisted.config, role, persisted.log);
}

function freshState(identity: KraftIdentity, config: KraftNodeConfig, role: RaftRole, log: KraftNodeState['log']): KraftNodeState {
  return {
    identity,
    config,
    role,
    log,
    highWatermark: 0,
    image: emptyImage,
    fetcher: { bootstrapIndex: identity.nodeId },
    electionRetries: 0,
    nextCorrelationId: 0,
    unreachableLeader: undefined,
    controller: undefined,
    broker: undefined,
  };
}

export interface KraftNodeSpec {
  readonly nodeId: number;
  readonly node: NodeId;
  readonly controller: boolean;
  readonly broker: boolean;
  readonly voters: readonly VoterAddress[];
  readonly config: KraftNodeConfig;
}

/** The first state of a node that has never run: Unattached in epoch 0 with an empty log. */
export function initialKraftNodeState(spec: KraftNodeSpec): KraftNodeState {
  if (!spec.controller && !spec.broker) throw new KafkaInputError(`node ${spec.nodeId}: process.roles must name broker, controller or both.`);
  checkVoterSet(spec.voters);
  checkQuorumConfig(spec.config.quorum);
  const isVoter = spec.voters.some((voter) => voter.id === spec.nodeId && voter.node === spec.node);
  if (spec.controller !== isVoter) {
    throw new KafkaInputError(
      spec.controller
        ? `node ${spec.nodeId} has the controller role but is not in controller.quorum.voters.`
        : `node ${spec.nodeId} is in controller.quorum.voters but lacks the controller role.`,
    );
  }
  const identity: KraftIdentity = { nodeId: spec.nodeId, node: spec.node, controller: spec.controller, broker: spec.broker, voters: spec.voters };
  return freshState(identity, spec.config, { kind: 'unattached', epoch: 0 }, []);
}

