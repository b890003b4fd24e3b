/**
 * The shipped knowledge check of lesson 02: every question parses, its marked answers are exactly
 * the ones written in the file, every objective is covered, and every computed answer agrees with
 * the reference Kafka, recomputed here straight from src/kafka (not from the loader's output).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { electLeader } from '../../src/kafka/controller/leader-election.js';
import { coordinatorPartition } from '../../src/kafka/group/coordinator-partition.js';
import { rangeAssignor } from '../../src/kafka/group/range-assignor.js';
import { ErrorCode, errorName } from '../../src/kafka/errors.js';
import { NO_LEADER } from '../../src/kafka/ids.js';
import { unattached } from '../../src/kafka/kraft/quorum-state.js';
import { decideVote } from '../../src/kafka/kraft/vote.js';
import { partitionForKey, utf8KeyBytes } from '../../src/kafka/partitioning/index.js';
import type { FollowerProgress } from '../../src/kafka/replication/follower-progress.js';
import { LONG_AGO_MS } from '../../src/kafka/replication/follower-progress.js';
import { leaderHighWatermark } from '../../src/kafka/replication/high-watermark.js';
import { loadQuiz, type QuizQuestion } from '../../src/lessons/index.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const QUIZ_FILE = fileURLToPath(new URL('../../lessons/02-architecture/quiz.md', import.meta.url));
const questions = loadQuiz(ROOT, '02');

/** The right choices as the file marks them, read with a plain scan independent of the parser. */
function markedInFile(): Map<string, { marks: string[]; texts: string[] }> {
  const result = new Map<string, { marks: string[]; texts: string[] }>();
  let current: { marks: string[]; texts: string[] } | undefined;
  let inExplanation = false;
  for (const line of readFileSync(QUIZ_FILE, 'utf8').split('\n')) {
    const heading = /^## (.+)$/.exec(line);
    if (heading !== null) {
      current = { marks: [], texts: [] };
      result.set(heading[1]!, current);
      inExplanation = false;
      continue;
    }
    if (line === 'Explanation:') inExplanation = true;
    const choice = /^- \[(.)\] (.*)$/.exec(line);
    if (choice !== null && current !== undefined && !inExplanation) {
      current.marks.push(choice[1]!);
      current.texts.push(choice[2]!);
    }
  }
  return result;
}

describe('the lesson 02 quiz', () => {
  it('has at least 20 questions with unique ids', () => {
    expect(questions.length).toBeGreaterThanOrEqual(20);
    expect(new Set(questions.map((question) => question.id)).size).toBe(questions.length);
  });

  it('asks at least 2 questions per learning objective', () => {
    for (const objective of [1, 2, 3, 4, 5]) {
      expect(questions.filter((question) => question.objective === objective).length, `objective ${objective}`).toBeGreaterThanOrEqual(2);
    }
  });

  it("rewords each of the course text's five knowledge-check questions", () => {
    const reworded = questions.flatMap((question) => (question.courseQuestion === undefined ? [] : [question.courseQuestion])).sort();
    expect(reworded).toEqual([1, 2, 3, 4, 5]);
  });

  it('mixes plain, "predict what happens" and computed questions', () => {
    expect(questions.some((question) => question.kind === 'predict')).toBe(true);
    expect(questions.some((question) => question.kind === 'choice')).toBe(true);
    expect(questions.filter((question) => question.computed).length).toBeGreaterThanOrEqual(5);
  });

  it('gives every question a prompt, an explanation and at least 2 distinct choices keyed a, b, c...', () => {
    for (const question of questions) {
      expect(question.prompt.trim(), question.id).not.toBe('');
      expect(question.explanation.trim(), question.id).not.toBe('');
      expect(question.choices.length, question.id).toBeGreaterThanOrEqual(2);
      expect(question.choices.map((choice) => choice.key).join(''), question.id).toBe('abcdefgh'.slice(0, question.choices.length));
      expect(new Set(question.choices.map((choice) => choice.text)).size, question.id).toBe(question.choices.length);
      expect(`${question.prompt}${question.explanation}`, question.id).not.toMatch(/\{\{|\}\}/);
    }
  });

  it('has exactly the answers the file marks with [x], all among the choices', () => {
    const marked = markedInFile();
    for (const question of questions) {
      const inFile = marked.get(question.id)!;
      expect(inFile.texts.length, question.id).toBe(question.choices.length);
      const keys = new Set(question.choices.map((choice) => choice.key));
      for (const answer of question.answers) expect(keys.has(answer), question.id).toBe(true);
      if (question.computed) {
        expect(inFile.marks.every((mark) => mark === '?'), question.id).toBe(true);
        expect(question.answers.length, question.id).toBe(1);
      } else {
        const expected = inFile.marks.flatMap((mark, index) => (mark === 'x' ? ['abcdefgh'[index]!] : []));
        expect(question.answers, question.id).toEqual(expected);
      }
    }
  });
});

/** The answer of a computed question, recomputed from src/kafka. */
function recompute(question: QuizQuestion): string {
  const { name, args } = question.computation!;
  const list = (key: string): number[] => args[key]!.split(',').map(Number);
  switch (name) {
    case 'partition':
      return String(partitionForKey(utf8KeyBytes(args.key!), Number(args.partitions)));
    case 'high-watermark': {
      const leader = Number(args.leader);
      const isr = list('isr');
      const leaderLogEndOffset = Number(args['leader-leo']);
      const followers = new Map<number, FollowerProgress>(
        args.leos!.split(',').map((pair) => {
          const [id, leo] = pair.split(':').map(Number) as [number, number];
          const progress: FollowerProgress = {
            brokerId: id,
            logEndOffset: leo,
            lastCaughtUpTimeMs: isr.includes(id) ? 0 : LONG_AGO_MS,
            lastFetchLeaderLogEndOffset: leaderLogEndOffset,
            lastFetchTimeMs: 0,
            brokerEpoch: 1,
          };
          return [id, progress];
        }),
      );
      const hw = leaderHighWatermark({
        leaderId: leader,
        leaderLogEndOffset,
        currentHighWatermark: Number(args.hw ?? 0),
        maximalIsr: isr,
        effectiveMinIsr: Math.min(Number(args['min-isr'] ?? 1), followers.size + 1),
        followers,
        isrEligible: () => true,
        now: 0,
        replicaLagTimeMaxMs: 30_000,
      });
      // The definition, as a cross-check: the smallest LEO among the ISR members, never below the
      // current HW, and no move at all while the ISR is below min.insync.replicas (3.7+).
      const currentHw = Number(args.hw ?? 0);
      const smallestIsrLeo = Math.min(leaderLogEndOffset, ...isr.filter((id) => id !== leader).map((id) => followers.get(id)!.logEndOffset));
      const belowMinIsr = isr.length < Math.min(Number(args['min-isr'] ?? 1), followers.size + 1);
      expect(hw, question.id).toBe(belowMinIsr ? currentHw : Math.max(currentHw, smallestIsrLeo));
      return String(hw);
    }
    case 'range': {
      const topics = new Map(args.topics!.split(',').map((pair) => [pair.split(':')[0]!, Number(pair.split(':')[1])]));
      const members = args.members!.split(',').map((memberId) => ({ memberId, groupInstanceId: null, topics: [...topics.keys()] }));
      const mine = rangeAssignor(members, topics).get(args.member!)!;
      return mine.length === 0 ? 'nothing' : mine.map((tp) => `${tp.topic}-${tp.partition}`).join(', ');
    }
    case 'leader-election': {
      const fenced = Number(args.fenced);
      const replicas = list('replicas');
      const result = electLeader({
        replicas,
        isr: list('isr').filter((id) => id !== fenced),
        currentLeader: Number(args.leader),
        activeBrokers: new Set(replicas.filter((id) => id !== fenced)),
        uncleanLeaderElectionEnable: args.unclean === 'true',
      });
      return result.leader === NO_LEADER ? 'no leader' : `broker ${result.leader}`;
    }
    case 'coordinator-partition':
      return String(coordinatorPartition(args.group!));
    case 'raft-vote': {
      const decision = decideVote(
        {
          id: 99,
          state: unattached(Number(args['voter-epoch']), args['voted-for'] === undefined ? undefined : Number(args['voted-for'])),
          lastLogPosition: { epoch: Number(args['voter-last-epoch']), offset: Number(args['voter-leo']) },
        },
        {
          candidateId: Number(args.candidate),
          candidateEpoch: Number(args['candidate-epoch']),
          lastOffsetEpoch: Number(args['candidate-last-epoch']),
          lastOffset: Number(args['candidate-leo']),
        },
      );
      if (decision.error !== ErrorCode.NONE) return `it answers ${errorName(decision.error)}`;
      return decision.granted ? 'it grants the vote' : 'it rejects the vote';
    }
    default:
      throw new Error(`the test does not know how to recompute "${name}"`);
  }
}

describe('computed questions of the lesson 02 quiz', () => {
  const computed = questions.filter((question) => question.computed);

  it.each(computed.map((question) => [question.id, question]))('%s: the marked choice is what the reference Kafka computes', (_id, question) => {
    const answerText = question.choices.find((choice) => choice.key === question.answers[0])!.text;
    expect(answerText).toBe(recompute(question));
  });

  it("agree with Kafka's own vectors where the semantics reference has one (murmur2 3.5, coordinator 8.1)", () => {
    const byId = new Map(computed.map((question) => [question.id, question]));
    const answer = (id: string): string => {
      const question = byId.get(id)!;
      return question.choices.find((choice) => choice.key === question.answers[0])!.text;
    };
    expect(answer('partition-of-user-456')).toBe('2');
    expect(answer('partition-of-user-123-with-4')).toBe('0');
    expect(answer('group-coordinator')).toBe('23');
    expect(answer('range-first-member')).toBe('t0-0, t0-1, t1-0');
    // Semantics 6.2 vote vectors: (6, 5, 50) granted, (6, 4, 99) rejected, for a voter at (5, 4, 100).
    expect(answer('kraft-vote')).toBe('it grants the vote');
    expect(answer('kraft-vote-shorter-log')).toBe('it rejects the vote');
  });
});
