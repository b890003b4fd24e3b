/**
 * A consumer in a group (KafkaConsumer.subscribe): it finds its coordinator, joins, gets its share
 * of the partitions (classic protocol: from the leader's assignor, the lab seam; group.protocol=
 * consumer: from the coordinator, KIP-848), heartbeats, and commits the positions of what its
 * application processed to the coordinator. This file is the machine: a step handles the command
 * or message it is given, runs the application, then the membership, and says when to wake next.
 * The membership's parts live in group/: turn.ts (one step's working set), owned-partitions.ts,
 * coordinator-discovery.ts, offset-commit.ts, rejoin.ts, consumer-group-heartbeat.ts (KIP-848),
 * classic-membership.ts (JoinGroup, SyncGroup, Heartbeat) and membership.ts (what each step sends).
 *
 * The application: it polls every pollIntervalMs and processes what poll returns at once (the
 * `delivered` list of the wrapped consumer); a `stall` command stops it polling for a while (a slow
 * member: past max.poll.interval.ms the consumer leaves the group, as the Java heartbeat thread does).
 *
 * Sources: clients/src/main/java/org/apache/kafka/clients/consumer/KafkaConsumer.java (subscribe,
 * poll, commitSync, close), internals/ConsumerCoordinator.java (auto-commit in poll),
 * internals/AbstractCoordinator.java (ensureActiveGroup: the poll after a poll timeout rejoins);
 * KIP-429, KIP-848; kafka-semantics.md 8.2–8.5, 8.7.
 *
 * Simplified: membership runs beside the application (as in the Java heartbeat thread and the 4.x
 * consumer's background thread), not inside poll(); no static membership, no regex subscription.
 */
import type { NodeId, TopicPartition } from '../ids.js';
import type { Envelope, NodeInput, NodeMachine, Step, StepContext } from '../step.js';
import { earliest, Outbox } from '../step.js';
import { consumerWakeAtMs, type DeliveredRecord } from './consumer.js';
import { groupConsumerConfig, type GroupConsumerConfig, type GroupConsumerConfigInput } from './group-consumer-config.js';
import { GROUP_CORRELATION_BASE, initialGroupConsumerState, type GroupConsumerCommand, type GroupConsumerPersisted, type GroupConsumerState } from './group-consumer-state.js';
import { onHeartbeat, onJoin, onSync } from './group/classic-membership.js';
import { onConsumerGroupHeartbeat } from './group/consumer-group-heartbeat.js';
import { onFindCoordinator, onMetadata } from './group/coordinator-discovery.js';
import { drive, finishLeaving, onDisconnected } from './group/membership.js';
import { commit, onCommit } from './group/offset-commit.js';
import { onOffsetFetch } from './group/owned-partitions.js';
import { onCommitFailed, startRejoin } from './group/rejoin.js';
import { Turn } from './group/turn.js';

export {
  initialGroupConsumerState,
  type GroupConsumerCommand,
  type GroupConsumerPersisted,
  type GroupConsumerState,
  type Membership,
  type MembershipPhase,
} from './group-consumer-state.js';

export interface GroupConsumer {
  readonly machine: NodeMachine<GroupConsumerState, GroupConsumerCommand, GroupConsumerPersisted>;
  readonly initialState: GroupConsumerState;
  readonly config: GroupConsumerConfig;
}

/** A group consumer at network address `id`. Throws KafkaInputError on a bad config. */
export function createGroupConsumer(id: NodeId, input: GroupConsumerConfigInput): GroupConsumer {
  const config = groupConsumerConfig(input);
  const machine: NodeMachine<GroupConsumerState, GroupConsumerCommand, GroupConsumerPersisted> = {
    step: (state, nodeInput, context) => stepGroupConsumer(id, config, state, nodeInput, context),
    persisted: (state) => ({ subscription: state.subscription }),
    restart: (persisted) => initialGroupConsumerState(persisted.subscription),
  };
  return { machine, initialState: initialGroupConsumerState(), config };
}

export function stepGroupConsumer(
  id: NodeId,
  config: GroupConsumerConfig,
  state: GroupConsumerState,
  input: NodeInput<GroupConsumerCommand>,
  context: StepContext,
): Step<GroupConsumerState> {
  const turn = new Turn(state, id, config, context, new Outbox(id, context.now));
  switch (input.kind) {
    case 'start':
      turn.inner({ kind: 'start' });
      break;
    case 'command':
      onCommand(turn, input.command);
      break;
    case 'deliver':
      if (!onGroupMessage(turn, input.envelope)) turn.inner(input);
      break;
    case 'disconnected':
      onDisconnected(turn, input.peer);
      turn.inner(input);
      break;
    case 'wake':
      break;
  }
  if (input.kind !== 'deliver' && input.kind !== 'disconnected' && input.kind !== 'start') turn.inner({ kind: 'wake' });
  application(turn);
  drive(turn);
  return turn.out.finish(turn.state, wakeAt(turn.state, config));
}

// --- the application --------------------------------------------------------------------------

function onCommand(turn: Turn, command: GroupConsumerCommand): void {
  switch (command.type) {
    case 'subscribe': {
      const topics = [...new Set(command.topics)];
      if (topics.length === 0 || topics.some((topic) => typeof topic !== 'string' || topic === '')) {
        turn.out.emit({ type: 'input.rejected', reason: 'subscribe needs a non-empty list of topic names' });
        return;
      }
      if (topics.length === turn.state.subscription.length && topics.every((topic) => turn.state.subscription.includes(topic)) && turn.m.phase !== 'idle' && turn.m.phase !== 'left') {
        return; // the same subscription: nothing to do (KafkaConsumer.subscribe with unchanged topics)
      }
      turn.state = { ...turn.state, subscription: topics };
      // A changed subscription is a new JoinGroup (the coordinator then rebalances).
      if (turn.m.phase === 'idle' || turn.m.phase === 'left') turn.setMembership({ phase: 'metadata', request: undefined });
      else if (turn.m.phase === 'stable') startRejoin(turn);
      return;
    }
    case 'unsubscribe':
      turn.state = { ...turn.state, subscription: [] };
      if (turn.m.phase === 'leaving') return;
      if (turn.config.commitMode !== 'manual') commit(turn);
      // KafkaConsumer.close commits synchronously, then leaves: sent back to back, the LeaveGroup
      // could reach the coordinator first and the commit be refused for an unknown member.
      if (turn.state.commitInFlight !== undefined && turn.m.memberId !== '') turn.setMembership({ phase: 'leaving' });
      else finishLeaving(turn);
      return;
    case 'commit':
      commit(turn);
      return;
    case 'stall':
      if (!Number.isSafeInteger(command.durationMs) || command.durationMs < 0) {
        turn.out.emit({ type: 'input.rejected', reason: `stall needs a duration ≥ 0 ms, got ${String(command.durationMs)}` });
        return;
      }
      turn.state = { ...turn.state, stalledUntilMs: turn.now + command.durationMs };
      return;
    default:
      turn.out.emit({ type: 'input.rejected', reason: `unknown group consumer command ${JSON.stringify(command)}` });
  }
}

/** The poll loop: at each tick (unless stalled) auto-commit if due, poll, process, commit if after-poll. */
function application(turn: Turn): void {
  if (turn.m.phase === 'leaving') return; // close() has returned to nobody: the application polls no more
  const interval = turn.config.pollIntervalMs;
  const due = turn.state.nextPollAtMs ?? turn.now;
  if (turn.now < due) return;
  if (turn.state.stalledUntilMs !== undefined && turn.now < turn.state.stalledUntilMs) {
    turn.state = { ...turn.state, nextPollAtMs: turn.state.stalledUntilMs };
    return;
  }
  turn.state = { ...turn.state, stalledUntilMs: undefined, lastPollMs: turn.now, nextPollAtMs: turn.now + interval };
  if (turn.m.phase === 'left') {
    // Back from a stall that cost the membership: poll() rejoins (AbstractCoordinator.ensureActiveGroup).
    turn.setMembership({ phase: 'find-coordinator', request: undefined });
  }
  if (turn.config.commitMode === 'auto') {
    const last = turn.state.lastAutoCommitMs ?? turn.now;
    if (turn.state.lastAutoCommitMs === undefined) turn.state = { ...turn.state, lastAutoCommitMs: turn.now };
    else if (turn.now - last >= turn.config.autoCommitIntervalMs) commit(turn);
  }
  const before = turn.state.inner.deliveredCount;
  turn.inner({ kind: 'command', command: { type: 'poll' } });
  if (turn.config.commitMode === 'after-poll' && turn.state.inner.deliveredCount > before) commit(turn);
}

// --- messages ---------------------------------------------------------------------------------

/** Routes the answers to the group's requests; anything else is the wrapped consumer's. */
function onGroupMessage(turn: Turn, envelope: Envelope): boolean {
  const message = envelope.message;
  if (!('correlationId' in message) || message.correlationId < GROUP_CORRELATION_BASE) return false;
  switch (message.type) {
    case 'MetadataResponse':
      onMetadata(turn, message);
      return true;
    case 'FindCoordinatorResponse':
      onFindCoordinator(turn, message);
      return true;
    case 'JoinGroupResponse':
      onJoin(turn, message);
      return true;
    case 'SyncGroupResponse':
      onSync(turn, message);
      return true;
    case 'HeartbeatResponse':
      onHeartbeat(turn, message);
      return true;
    case 'OffsetCommitResponse': {
      const failed = onCommit(turn, message);
      if (failed !== undefined) onCommitFailed(turn, failed);
      return true;
    }
    case 'OffsetFetchResponse':
      onOffsetFetch(turn, message);
      return true;
    case 'LeaveGroupResponse':
      return true;
    case 'ConsumerGroupHeartbeatResponse':
      onConsumerGroupHeartbeat(turn, message);
      return true;
    default:
      return false;
  }
}

// --- time and queries -----------------------------------------------------------------------------

function wakeAt(state: GroupConsumerState, config: GroupConsumerConfig): number | undefined {
  const m = state.membership;
  const deadlines: Array<number | undefined> = [
    // The application's next poll: always, since polling is what drives processing and auto-commit.
    state.subscription.length > 0 && m.phase !== 'leaving' ? state.nextPollAtMs : undefined,
    m.request?.deadlineMs,
    m.heartbeat?.deadlineMs,
    m.awaitingOffsets?.request.deadlineMs,
    state.commitInFlight?.deadlineMs,
    m.request === undefined && m.phase !== 'stable' && m.phase !== 'idle' && m.phase !== 'left' && m.phase !== 'sync' ? (m.retryAtMs ?? undefined) : undefined,
    m.phase === 'stable' && m.heartbeat === undefined ? m.nextHeartbeatAtMs : undefined,
    m.phase === 'stable' && state.lastPollMs !== undefined ? state.lastPollMs + config.maxPollIntervalMs + 1 : undefined,
  ];
  deadlines.push(consumerWakeAtMs(state.inner, config.fetch));
  return earliest(...deadlines);
}

/** What the application has processed (the records poll returned). */
export function processedRecords(state: GroupConsumerState): readonly DeliveredRecord[] {
  return state.inner.delivered;
}

/** The partitions this member owns now, and in which generation. */
export function ownership(state: GroupConsumerState): { generationId: number; partitions: readonly TopicPartition[] } {
  return { generationId: state.membership.generationId, partitions: state.membership.owned };
}
