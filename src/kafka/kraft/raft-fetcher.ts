/**
 * The fetch loop of followers and observers (semantics 6.2; KafkaRaftClient.pollFollower,
 * handleFetchResponse; KIP-595 "pull-based replication"): a follower asks its leader for records
 * after its log end, sending (fetchOffset, lastFetchedEpoch); the answer brings records and the
 * leader's HW, or a diverging epoch to truncate to first. An observer (a broker) that knows no
 * leader asks the voters in turn; their answers name the leader. A successful fetch resets a
 * voter's fetch timeout; an unanswered one is sent again after controller.quorum.request.timeout.ms.
 */
import { ErrorCode } from '../errors.js';
import type { NodeId } from '../ids.js';
import { emptyImage, replay } from './metadata-image.js';
import { appendEntries, lastPosition, truncateTo, truncationOffset } from './metadata-log.js';
import type { RaftFetchResponse } from './raft-messages.js';
import { advanceHighWatermark } from './raft-commit.js';
import { becomeUnattached, observeLeaderHint } from './raft-transitions.js';
import { voterNode, type Turn } from './kraft-node-state.js';

/** Whom this node fetches from now: its leader, or (an observer without one) the next voter. */
export function fetchTarget(t: Turn): NodeId | undefined {
  const n = t.n;
  const role = n.role;
  if (role.kind === 'follower') return voterNode(n.identity, role.leaderId);
  if (role.kind === 'unattached' && !n.identity.controller && n.identity.voters.length > 0) {
    const voter = n.identity.voters[n.fetcher.bootstrapIndex % n.identity.voters.length];
    return voter?.node;
  }
  return undefined;
}

/** Sends the next Fetch when one is due and none is in flight; gives up on one that timed out. */
export function pollFetcher(t: Turn): void {
  const n = t.n;
  const inFlight = n.fetcher.inFlight;
  if (inFlight !== undefined) {
    if (inFlight.sentAt + n.config.quorum.requestTimeoutMs > t.now) return;
    // No answer in time (a cut link sends no reset): give up on it as on a closed connection.
    giveUpOn(t, inFlight.to);
  }
  if (n.fetcher.nextFetchAt !== undefined && n.fetcher.nextFetchAt > t.now) return;
  const target = fetchTarget(t);
  if (target === undefined) return;
  const position = lastPosition(n.log);
  const correlationId = n.nextCorrelationId;
  n.nextCorrelationId += 1;
  t.out.send(target, {
    type: 'RaftFetchRequest',
    replicaId: n.identity.nodeId,
    epoch: n.role.epoch,
    fetchOffset: position.offset,
    lastFetchedEpoch: position.epoch,
    correlationId,
  });
  n.fetcher = { bootstrapIndex: n.fetcher.bootstrapIndex, inFlight: { correlationId, to: target, sentAt: t.now } };
}

export function fetcherDeadline(t: Turn): number | undefined {
  const fetcher = t.n.fetcher;
  if (fetcher.inFlight !== undefined) return fetcher.inFlight.sentAt + t.n.config.quorum.requestTimeoutMs;
  if (fetchTarget(t) === undefined) return undefined;
  return fetcher.nextFetchAt ?? t.now;
}

function retryLater(t: Turn, rotate: boolean): void {
  const fetcher = t.n.fetcher;
  t.n.fetcher = {
    bootstrapIndex: fetcher.bootstrapIndex + (rotate ? 1 : 0),
    nextFetchAt: t.now + t.n.config.quorum.retryBackoffMs,
  };
}

export function handleFetchResponse(t: Turn, from: NodeId, response: RaftFetchResponse): void {
  const n = t.n;
  if (n.fetcher.inFlight?.correlationId !== response.correlationId || n.fetcher.inFlight.to !== from) return;
  n.fetcher = { bootstrapIndex: n.fetcher.bootstrapIndex };
  // The leader we gave up on answered after all: it is reachable again.
  const unreachable = n.unreachableLeader;
  if (unreachable !== undefined && voterNode(n.identity, unreachable.leaderId) === from) n.unreachableLeader = undefined;
  if (observeLeaderHint(t, response, `fetch response from ${from}`)) return;
  const role = n.role;
  if (response.error !== ErrorCode.NONE || role.kind !== 'follower' || voterNode(n.identity, role.leaderId) !== from) {
    retryLater(t, role.kind !== 'follower');
    return;
  }
  if (response.divergingEpoch !== undefined) {
    const to = truncationOffset(n.log, response.divergingEpoch);
    t.out.emit({ type: 'quorum.truncated', fromEndOffset: n.log.length, toOffset: to, divergingEpoch: response.divergingEpoch.epoch });
    n.log = truncateTo(n.log, to);
    if (to < n.highWatermark) {
      // Committed records are being erased: impossible with the reference vote (a leader holds every
      // committed record), possible with a wrong one plugged into the seam. The node stays
      // consistent (HW and image rebuilt from what is left) and the quorum checker reports the loss.
      t.out.emit({ type: 'input.rejected', reason: `truncated to ${to}, below the HW ${n.highWatermark}: committed metadata records were lost` });
      n.highWatermark = to;
      n.image = replay(emptyImage, n.log);
    }
  } else {
    const first = response.entries[0];
    if (first !== undefined && first.offset === n.log.length) n.log = appendEntries(n.log, response.entries);
    advanceHighWatermark(t, Math.min(response.highWatermark, n.log.length));
  }
  const current = n.role;
  if (current.kind === 'follower') {
    const fetchDeadline = n.identity.controller && current.leaderResigned !== true ? t.now + n.config.quorum.fetchTimeoutMs : current.fetchDeadline;
    n.role = { ...current, lastFetchOkAt: t.now, ...(fetchDeadline === undefined ? {} : { fetchDeadline }) };
  }
}

/** The peer's process died: a fetch in flight to it is lost. An observer looks for the leader again. */
export function fetcherDisconnected(t: Turn, peer: NodeId): void {
  if (t.n.fetcher.inFlight?.to !== peer) return;
  giveUpOn(t, peer);
}

function giveUpOn(t: Turn, peer: NodeId): void {
  const n = t.n;
  const role = n.role;
  if (!n.identity.controller && role.kind === 'follower') {
    n.unreachableLeader = { epoch: role.epoch, leaderId: role.leaderId };
    becomeUnattached(t, role.epoch, undefined, `leader ${role.leaderId} (${peer}) unreachable`);
  }
  retryLater(t, true);
}
