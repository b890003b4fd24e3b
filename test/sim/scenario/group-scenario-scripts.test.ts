/**
 * The consumer-group scripts in scenarios/groups/ and the scenario syntax they use: `consumer ...
 * group=G`, `group-coordinator`, and the `subscribe`, `leave` and `stall` actions. Each script's story
 * is checked for seeds 1, 2 and 3.
 */
import { describe, expect, it } from 'vitest';
import { eventsOfType, type TraceEvent } from '../../../src/kafka/trace.js';
import { parseScenario, ScenarioSyntaxError } from '../../../src/sim/scenario/parse-scenario.js';
import { runScenario, type ScenarioRun } from '../../../src/sim/scenario/run-scenario.js';
import { loadScenario } from '../../../src/sim/scenario/scenario-library.js';
import { summarizeRun } from '../../../src/sim/scenario/summarize-run.js';

const run = (name: string, seed: number): ScenarioRun => runScenario(loadScenario(`scenarios/groups/${name}.scenario`), { seed });
const stables = (r: ScenarioRun) => eventsOfType(r.cluster.sim.trace as TraceEvent[], 'group.stable');
const sizes = (assignment: Readonly<Record<string, readonly string[]>>): number[] => Object.values(assignment).map((p) => p.length).sort();

describe('scenarios/groups', () => {
  it.each([1, 2, 3])('group-third-consumer-joins (seed %i): 2 + 2, then 2 + 1 + 1 after c3 subscribes at 10 s', (seed) => {
    const r = run('group-third-consumer-joins', seed);
    const [first, second] = stables(r);
    expect(sizes(first!.assignment)).toEqual([2, 2]);
    expect(sizes(second!.assignment)).toEqual([1, 1, 2]);
    expect(second!.at - r.originMs).toBeGreaterThan(10_000);
    expect(r.problems).toEqual([]);
    expect(summarizeRun(r).join('\n')).toMatch(/group order-processors committed orders-0@\d+ \(lag 0\)/);
  });

  it.each([1, 2, 3])('group-third-consumer-joins-cooperative (seed %i): round 1 revokes only what moves, round 2 gives it to c3', (seed) => {
    const r = run('group-third-consumer-joins-cooperative', seed);
    const trace = r.cluster.sim.trace as TraceEvent[];
    const [first, second, third] = stables(r);
    expect(sizes(first!.assignment)).toEqual([2, 2]);
    expect(Object.values(second!.assignment).flat()).toHaveLength(3); // one partition withheld while its owner revokes it
    expect(sizes(third!.assignment)).toEqual([1, 1, 2]);
    const revoked = eventsOfType(trace, 'consumer.partitions-revoked').flatMap((e) => e.partitions);
    expect(revoked).toHaveLength(1); // eager range revokes all four
    const moved = revoked[0]!;
    const c3 = Object.entries(third!.assignment).find(([member]) => member.startsWith('c3-'))!;
    expect(c3[1]).toEqual([moved]);
  });

  it.each([1, 2, 3])('group-consumer-crash (seed %i): c1 is dropped 42–45 s after its crash, then two share four', (seed) => {
    const r = run('group-consumer-crash', seed);
    const removed = eventsOfType(r.cluster.sim.trace as TraceEvent[], 'group.member-removed');
    expect(removed.map((e) => e.reason)).toEqual(['session-timeout']);
    const afterCrash = removed[0]!.at - r.originMs - 10_000;
    expect(afterCrash).toBeGreaterThan(42_000);
    expect(afterCrash).toBeLessThanOrEqual(45_000);
    expect(sizes(stables(r).at(-1)!.assignment)).toEqual([2, 2]);
    expect(summarizeRun(r).join('\n')).toContain('c1: down (group order-processors)');
  });

  it.each([1, 2, 3])('group-more-consumers-than-partitions (seed %i): one idle member, which gets work when c1 leaves', (seed) => {
    const r = run('group-more-consumers-than-partitions', seed);
    const [first, second] = stables(r);
    expect(sizes(first!.assignment)).toEqual([0, 1, 1, 1, 1]);
    expect(sizes(second!.assignment)).toEqual([1, 1, 1, 1]);
    expect(summarizeRun(r).join('\n')).toMatch(/c1: group order-processors, idle/);
  });
});

describe('group syntax', () => {
  const base = 'brokers 1\ntopic orders partitions=2\n';
  const parse = (text: string) => parseScenario(`${base}${text}\nrun 10s`, 'test');

  it('reads group consumers, the coordinator settings and the group actions', () => {
    const scenario = parse(
      'group-coordinator offsets.topic.num.partitions=3 group.initial.rebalance.delay.ms=0\n' +
        'consumer c1 topic=orders group=g partition.assignment.strategy=cooperative-sticky group.protocol=classic session.timeout.ms=10s commit=after-poll\n' +
        'at 1s subscribe c1\nat 2s stall c1 5s\nat 9s leave c1',
    );
    expect(scenario.groupCoordinator).toEqual({ offsetsTopicNumPartitions: 3, groupInitialRebalanceDelayMs: 0 });
    expect(scenario.consumers[0]).toMatchObject({ group: 'g', assignor: 'cooperative-sticky', protocol: 'classic', sessionTimeoutMs: 10_000, commit: 'after-poll' });
    expect(scenario.timeline.map((entry) => entry.action)).toEqual([
      { type: 'subscribe', consumer: 'c1' },
      { type: 'stall', consumer: 'c1', durationMs: 5_000 },
      { type: 'leave', consumer: 'c1' },
    ]);
  });

  it.each([
    ['consumer c1 topic=orders group=g partition.assignment.strategy=sticky', /unknown assignor "sticky"/],
    ['consumer c1 topic=orders group=', /needs a group id.*INVALID_GROUP_ID/],
    ['consumer c1 topic=orders session.timeout.ms=10s', /session.timeout.ms is for group consumers: add group=NAME/],
    ['consumer c1 topic=orders group=g group.protocol=eager', /group.protocol must be classic or consumer/],
    ['consumer c1 topic=orders\nat 1s leave c1', /leave is for group consumers/],
    ['at 1s stall c9 5s', /unknown consumer "c9"/],
  ])('refuses %j with its line', (text, message) => {
    expect(() => parse(text)).toThrow(ScenarioSyntaxError);
    expect(() => parse(text)).toThrow(message);
  });
});
