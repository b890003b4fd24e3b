/**
 * A small seeded harness of KRaft controller elections, to run a learner's vote decision in: 3 or 5
 * voters with fixed metadata logs, election timers, a network that delays and drops, leaders that
 * crash and come back. It records who won which epoch, so the checks can ask "did two candidates
 * both win epoch 5?" and "did a voter with a stale log win?".
 *
 * Why not the full quorum: it is being built in its own issue (src/kafka/kraft/); this harness
 * models only what a vote needs (KIP-595's VoteRequest/Response and BeginQuorumEpoch as the
 * leader's heartbeat). Simplifications, stated: no pre-vote (KIP-996), the logs do not grow, a
 * restarted voter keeps its epoch and vote (Kafka also keeps them in quorum-state) and comes back
 * without a leader, and leaders announce themselves with BeginQuorumEpoch instead of answering
 * Fetch requests.
 */
import { SeededRandom } from '../../sim/random.js';
import type * as Starter from '../../../labs/02-architecture/starters/05-kraft-vote/kraft-vote.js';

type Voter = Starter.Voter;
type LogPosition = Starter.LogPosition;
export type VoteFunction = (voter: Voter, request: Starter.VoteRequest) => Starter.VoteResponse;

export interface ElectionRunOptions {
  readonly seed: number;
  /** Each voter's log position; voter ids are 1..logs.length. */
  readonly logs: readonly LogPosition[];
  readonly durationMs: number;
}

export interface ElectionRun {
  /** epoch → the voters that became leader in it (more than one breaks Raft). */
  readonly winners: ReadonlyMap<number, number[]>;
  /** One line per step, oldest first. */
  readonly trace: readonly string[];
  /** Index into trace of each win, by epoch and winner. */
  readonly winAt: ReadonlyMap<string, number>;
  /** The last vote decision made, for the failure report. */
  readonly lastDecision?: { voter: Voter; request: Starter.VoteRequest; response: Starter.VoteResponse };
}

type Event =
  | { kind: 'timeout'; to: number; generation: number }
  | { kind: 'vote-request'; to: number; request: Starter.VoteRequest }
  | { kind: 'vote-response'; to: number; from: number; epoch: number; granted: boolean }
  | { kind: 'begin-epoch'; to: number; leader: number; epoch: number }
  | { kind: 'heartbeat'; to: number; epoch: number }
  | { kind: 'crash'; to: number }
  | { kind: 'restart'; to: number };

interface Node {
  voter: Voter;
  role: 'unattached' | 'follower' | 'candidate' | 'leader';
  votes: Set<number>;
  alive: boolean;
  /** Bumped whenever the election timer is reset, so a stale timeout is ignored. */
  timerGeneration: number;
}

const ELECTION_TIMEOUT_MS = 150;
const ELECTION_JITTER_MS = 60;
const HEARTBEAT_MS = 50;
const DELAY_MIN_MS = 2;
const DELAY_MAX_MS = 25;
const DROP_PROBABILITY = 0.05;
const STEPS_MAX = 50_000;

export function runElections(vote: VoteFunction, options: ElectionRunOptions): ElectionRun {
  const random = new SeededRandom(options.seed);
  const ids = options.logs.map((_, index) => index + 1);
  const majority = Math.floor(ids.length / 2) + 1;
  const startEpoch = Math.max(...options.logs.map((log) => log.epoch));
  const nodes = new Map<number, Node>(
    ids.map((id) => [id, { voter: { id, epoch: startEpoch, votedFor: undefined, leaderId: undefined, lastLog: options.logs[id - 1]! }, role: 'unattached', votes: new Set(), alive: true, timerGeneration: 0 }]),
  );
  const agenda: Array<{ at: number; order: number; event: Event }> = [];
  let order = 0;
  let now = 0;
  const trace: string[] = [];
  const winners = new Map<number, number[]>();
  const winAt = new Map<string, number>();
  let lastDecision: ElectionRun['lastDecision'];

  const at = (time: number, event: Event): void => {
    agenda.push({ at: time, order: order++, event });
  };
  const send = (event: Event): void => {
    if (random.chance(DROP_PROBABILITY)) return;
    at(now + DELAY_MIN_MS + random.nextInt(DELAY_MAX_MS - DELAY_MIN_MS + 1), event);
  };
  const resetTimer = (node: Node, extraMs = 0): void => {
    node.timerGeneration++;
    at(now + ELECTION_TIMEOUT_MS + extraMs + random.nextInt(ELECTION_JITTER_MS), { kind: 'timeout', to: node.voter.id, generation: node.timerGeneration });
  };
  const log = (id: number, text: string): void => {
    trace.push(`${String(now).padStart(6)}ms voter-${id}  ${text}`);
  };
  const position = (p: LogPosition): string => `(last epoch ${p.epoch}, offset ${p.offset})`;
  const stepDownTo = (node: Node, epoch: number): void => {
    node.voter = { ...node.voter, epoch, votedFor: undefined, leaderId: undefined };
    node.role = 'unattached';
    node.votes.clear();
  };

  for (const node of nodes.values()) resetTimer(node);
  // A voter crashes now and then (the leader more often): every crash is a new election.
  for (let time = 400; time < options.durationMs; time += 300 + random.nextInt(500)) at(time, { kind: 'crash', to: 0 });

  for (let steps = 0; agenda.length > 0 && steps < STEPS_MAX; steps++) {
    agenda.sort((a, b) => a.at - b.at || a.order - b.order);
    const next = agenda.shift()!;
    if (next.at > options.durationMs) break;
    now = next.at;
    const event = next.event;

    if (event.kind === 'crash') {
      const leader = [...nodes.values()].find((node) => node.alive && node.role === 'leader');
      const victim = leader !== undefined && random.chance(0.7) ? leader : nodes.get(1 + random.nextInt(ids.length))!;
      if (!victim.alive) continue;
      victim.alive = false;
      log(victim.voter.id, `crashes (was ${victim.role} in epoch ${victim.voter.epoch})`);
      at(now + 200 + random.nextInt(400), { kind: 'restart', to: victim.voter.id });
      continue;
    }
    const node = nodes.get(event.to)!;
    if (event.kind === 'restart') {
      node.alive = true;
      node.role = 'unattached';
      node.voter = { ...node.voter, leaderId: undefined };
      node.votes.clear();
      log(node.voter.id, `restarts in epoch ${node.voter.epoch}${node.voter.votedFor === undefined ? '' : `, having voted for ${node.voter.votedFor}`}`);
      resetTimer(node);
      continue;
    }
    if (!node.alive) continue;

    switch (event.kind) {
      case 'timeout': {
        if (event.generation !== node.timerGeneration || node.role === 'leader') break;
        node.voter = { ...node.voter, epoch: node.voter.epoch + 1, votedFor: node.voter.id, leaderId: undefined };
        node.role = 'candidate';
        node.votes = new Set([node.voter.id]);
        log(node.voter.id, `times out: candidate in epoch ${node.voter.epoch}, log ${position(node.voter.lastLog)}, votes for itself`);
        for (const id of ids) {
          if (id !== node.voter.id) send({ kind: 'vote-request', to: id, request: { candidateId: node.voter.id, candidateEpoch: node.voter.epoch, lastLog: node.voter.lastLog } });
        }
        resetTimer(node);
        break;
      }
      case 'vote-request': {
        const before = node.voter;
        const response = vote(before, event.request);
        lastDecision = { voter: before, request: event.request, response };
        assertResponse(before, response);
        node.voter = response.voter;
        if (response.voter.epoch > before.epoch) {
          node.role = 'unattached';
          node.votes.clear();
        }
        log(
          node.voter.id,
          `${response.granted ? 'GRANTS' : 'refuses'} its vote to ${event.request.candidateId} for epoch ${event.request.candidateEpoch} ` +
            `(candidate log ${position(event.request.lastLog)}, mine ${position(before.lastLog)})`,
        );
        if (response.granted) resetTimer(node);
        send({ kind: 'vote-response', to: event.request.candidateId, from: node.voter.id, epoch: node.voter.epoch, granted: response.granted });
        break;
      }
      case 'vote-response': {
        if (event.epoch > node.voter.epoch) {
          stepDownTo(node, event.epoch);
          resetTimer(node);
          break;
        }
        if (node.role !== 'candidate' || event.epoch !== node.voter.epoch || !event.granted) break;
        node.votes.add(event.from);
        if (node.votes.size < majority) break;
        node.role = 'leader';
        node.voter = { ...node.voter, leaderId: node.voter.id };
        const won = [...(winners.get(node.voter.epoch) ?? []), node.voter.id];
        winners.set(node.voter.epoch, won);
        log(node.voter.id, `WINS epoch ${node.voter.epoch} with votes from ${[...node.votes].sort().join(', ')} (log ${position(node.voter.lastLog)})`);
        winAt.set(`${node.voter.epoch}:${node.voter.id}`, trace.length - 1);
        for (const id of ids) if (id !== node.voter.id) send({ kind: 'begin-epoch', to: id, leader: node.voter.id, epoch: node.voter.epoch });
        at(now + HEARTBEAT_MS, { kind: 'heartbeat', to: node.voter.id, epoch: node.voter.epoch });
        break;
      }
      case 'begin-epoch': {
        if (event.epoch < node.voter.epoch) break;
        if (node.role === 'leader' && event.epoch === node.voter.epoch) break;
        const votedFor = event.epoch === node.voter.epoch ? node.voter.votedFor : undefined;
        if (node.voter.leaderId !== event.leader || node.voter.epoch !== event.epoch) log(node.voter.id, `follows leader ${event.leader} in epoch ${event.epoch}`);
        node.voter = { ...node.voter, epoch: event.epoch, leaderId: event.leader, votedFor };
        node.role = 'follower';
        node.votes.clear();
        resetTimer(node, 2 * HEARTBEAT_MS);
        break;
      }
      case 'heartbeat': {
        if (node.role !== 'leader' || node.voter.epoch !== event.epoch) break;
        for (const id of ids) if (id !== node.voter.id) send({ kind: 'begin-epoch', to: id, leader: node.voter.id, epoch: node.voter.epoch });
        at(now + HEARTBEAT_MS, { kind: 'heartbeat', to: node.voter.id, epoch: node.voter.epoch });
        break;
      }
    }
  }
  return { winners, trace, winAt, ...(lastDecision !== undefined && { lastDecision }) };
}

/** The learner's response must be a response about this voter: anything else is reported in plain words. */
function assertResponse(before: Voter, response: Starter.VoteResponse | undefined): void {
  if (response === undefined || response === null || typeof response !== 'object' || response.voter === undefined) {
    throw new Error(`handleVoteRequest must return { granted, error, voter }, got ${JSON.stringify(response)}`);
  }
  const sameLog = response.voter.lastLog?.epoch === before.lastLog.epoch && response.voter.lastLog.offset === before.lastLog.offset;
  if (response.voter.id !== before.id || !sameLog) {
    throw new Error(`handleVoteRequest returned the state of another voter (id ${response.voter.id}) or changed its log; return this voter's own state`);
  }
  if (response.voter.epoch < before.epoch) {
    throw new Error(`handleVoteRequest moved voter ${before.id} back from epoch ${before.epoch} to ${response.voter.epoch}: an epoch never decreases`);
  }
}
