/**
 * The scenario language (syntax in src/sim/scenario/scenario.ts): every shipped script parses, the
 * example in the syntax summary means what it says, and every mistake is a ScenarioSyntaxError
 * whose message is "<source>:<line>: <problem>", so a learner can fix their script without reading
 * the parser.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseScenario, ScenarioSyntaxError } from '../../../src/sim/scenario/parse-scenario.js';
import { listScenarios, loadScenario, SCENARIO_DIRECTORY, scenarioNames } from '../../../src/sim/scenario/scenario-library.js';

const SHIPPED = ['acks-1-data-loss', 'keyed-and-keyless', 'leader-failover', 'min-insync-replicas', 'slow-follower', 'unclean-election'];

/** The example of the syntax summary in scenario.ts, verbatim (its parenthesised remark moved into a comment). */
const SYNTAX_EXAMPLE = `
description Leader crash with acks=all: nothing acknowledged is lost
seed 7
brokers 3
network delay=1..10ms loss=0
broker replica.lag.time.max.ms=30000
controller broker.session.timeout.ms=9000
topic orders partitions=3 replication-factor=3 min.insync.replicas=2
topic audit replica-assignment=1:2:3,2:3:1      # fixed placement: partition 0 led by broker 1
producer p1 acks=all linger.ms=5
consumer c1 topic=orders auto.offset.reset=earliest
at 100ms produce p1 topic=orders count=20 key=user-{i} value=order-{i} every=10ms
at 1200ms crash broker-1
at 15s restart broker-1
run 30s
`;

/** Parses `text` and returns the ScenarioSyntaxError it must throw. */
function syntaxError(text: string): ScenarioSyntaxError {
  try {
    parseScenario(text, 'bad', 'bad.scenario');
  } catch (error) {
    if (error instanceof ScenarioSyntaxError) return error;
    throw new Error(`expected a ScenarioSyntaxError, got ${String(error)}`, { cause: error });
  }
  throw new Error(`expected a ScenarioSyntaxError, but this parsed:\n${text}`);
}

describe('shipped scenarios', () => {
  it('are the six the lesson names, each with a description', () => {
    expect(scenarioNames()).toEqual(SHIPPED);
    for (const { name, description } of listScenarios()) expect(description, name).not.toBe('');
  });

  it.each(SHIPPED)('%s parses, by name and from its text', (name) => {
    const byName = loadScenario(name);
    const text = readFileSync(join(SCENARIO_DIRECTORY, `${name}.scenario`), 'utf8');
    expect(parseScenario(text, name, `scenarios/${name}.scenario`)).toEqual(byName);
    expect(byName.name).toBe(name);
    expect(byName.timeline.length).toBeGreaterThan(0);
    expect(byName.topics.length).toBeGreaterThan(0);
  });
});

describe('the syntax summary in scenario.ts', () => {
  it('parses into what it says', () => {
    const scenario = parseScenario(SYNTAX_EXAMPLE, 'example');
    expect(scenario).toMatchObject({
      name: 'example',
      description: 'Leader crash with acks=all: nothing acknowledged is lost',
      seed: 7,
      brokers: 3,
      network: { minDelayMs: 1, maxDelayMs: 10, dropProbability: 0 },
      broker: { replicaLagTimeMaxMs: 30_000 },
      controller: { brokerSessionTimeoutMs: 9_000 },
      producers: [{ id: 'p1', acks: -1, lingerMs: 5 }],
      consumers: [{ id: 'c1', topic: 'orders', autoOffsetReset: 'earliest' }],
      runMs: 30_000,
    });
    expect(scenario.topics.map(({ line: _line, ...topic }) => topic)).toEqual([
      { name: 'orders', partitions: 3, replicationFactor: 3, config: { minInsyncReplicas: 2 }, replicaAssignment: undefined },
      { name: 'audit', partitions: 2, replicationFactor: 3, config: {}, replicaAssignment: [[1, 2, 3], [2, 3, 1]] },
    ]);
    expect(scenario.timeline.map(({ atMs, action }) => [atMs, action.type])).toEqual([
      [100, 'produce'],
      [1_200, 'crash'],
      [15_000, 'restart'],
    ]);
    expect(scenario.timeline[0]!.action).toEqual({
      type: 'produce',
      producer: 'p1',
      topic: 'orders',
      count: 20,
      key: 'user-{i}',
      value: 'order-{i}',
      everyMs: 10,
      partition: undefined,
    });
  });

  it('reads times as ms, s and m, with decimals, and orders the timeline by time then line', () => {
    const scenario = parseScenario(
      ['brokers 1', 'topic t', 'at 2m heal', 'at 1.5s heal', 'at 250 heal', 'at 250ms crash broker-1', 'run 3m'].join('\n'),
      'times',
    );
    expect(scenario.timeline.map(({ atMs, line }) => [atMs, line])).toEqual([
      [250, 5],
      [250, 6],
      [1_500, 4],
      [120_000, 3],
    ]);
    expect(scenario.runMs).toBe(180_000);
  });

  it('defaults: acks=all, key none, value <producer>-{i}, count 1', () => {
    const scenario = parseScenario(['brokers 1', 'topic t', 'producer p', 'at 0 produce p topic=t', 'run 1s'].join('\n'), 'defaults');
    expect(scenario.producers[0]).toEqual({ id: 'p', line: 3, acks: -1 });
    expect(scenario.timeline[0]!.action).toMatchObject({ key: null, value: 'p-{i}', count: 1, everyMs: 0 });
  });
});

/** A valid cluster to put one bad line into: brokers 3, topic t (3 partitions), producer p1, consumer c1. */
const HEAD = ['brokers 3', 'topic t partitions=3 replication-factor=3', 'producer p1 acks=all', 'consumer c1 topic=t'];
/** `bad` becomes line 5. */
const withLine = (bad: string): string => [...HEAD, bad, 'run 30s'].join('\n');

// [what is wrong, script, line the message names, what the message must say]
const MALFORMED: ReadonlyArray<readonly [string, string, number, RegExp]> = [
  ['unknown statement', withLine('brokr 3'), 5, /unknown statement "brokr" \(expected one of: description, seed, brokers/],
  ['unknown action', withLine('at 1s explode broker-1'), 5, /unknown action "explode" \(expected one of: produce, crash/],
  ['missing action', withLine('at 1s'), 5, /missing an action/],
  ['bad time', withLine('at soon crash broker-1'), 5, /the time must be a time like 250ms, 1\.5s or 2m, got "soon"/],
  ['bad unit', withLine('at 5h crash broker-1'), 5, /got "5h"/],
  ['negative time', withLine('at -1s crash broker-1'), 5, /got "-1s"/],
  ['time past the limit', withLine('at 61m crash broker-1'), 5, /the time is longer than the limit of 60 minutes/],
  ['bad run time', [...HEAD, 'run forever'].join('\n'), 5, /the run time must be a time like/],
  ['run given twice', [...HEAD, 'run 1s', 'run 2s'].join('\n'), 6, /"run" is given twice/],
  ['missing brokers', ['topic t', 'run 1s'].join('\n'), 2, /missing "brokers N"/],
  ['missing run', HEAD.join('\n'), 4, /missing "run <time>"/],
  ['brokers out of range', ['brokers 0', 'run 1s'].join('\n'), 1, /brokers must be between 1 and 16, got 0/],
  ['brokers not a number', ['brokers three', 'run 1s'].join('\n'), 1, /brokers must be a whole number, got "three"/],
  ['seed not a number', ['seed abc', 'brokers 1', 'run 1s'].join('\n'), 1, /seed must be a whole number, got "abc"/],
  ['unknown node', withLine('at 1s crash broker-4'), 5, /unknown node "broker-4" \(known: broker-1, broker-2, broker-3, controller, p1, c1\)/],
  ['unknown node in a partition', withLine('at 1s partition broker-1 / broker-9'), 5, /unknown node "broker-9"/],
  ['partition without two sides', withLine('at 1s partition broker-1 broker-2'), 5, /partition takes two sides split by "\/"/],
  ['crash of two nodes', withLine('at 1s crash broker-1 broker-2'), 5, /crash takes one node/],
  ['heal with an argument', withLine('at 1s heal broker-1'), 5, /heal takes nothing/],
  ['unknown producer', withLine('at 1s produce p2 topic=t'), 5, /unknown producer "p2" \(declare it with "producer p2 acks=all"\)/],
  ['unknown topic', withLine('at 1s produce p1 topic=orders'), 5, /unknown topic "orders" \(declare it with "topic orders/],
  ['produce without a topic', withLine('at 1s produce p1 count=3'), 5, /produce needs topic=NAME/],
  ['partition out of range', withLine('at 1s produce p1 topic=t partition=3'), 5, /topic t has partitions 0\.\.2, not 3/],
  ['count of zero', withLine('at 1s produce p1 topic=t count=0'), 5, /count must be between 1 and 100000, got 0/],
  ['unknown produce setting', withLine('at 1s produce p1 topic=t keys=a'), 5, /unknown setting "keys" \(allowed: topic, count, key, value, every, partition\)/],
  ['setting given twice', withLine('at 1s produce p1 topic=t topic=t'), 5, /"topic" is given twice/],
  ['not key=value', withLine('at 1s produce p1 topic=t fast'), 5, /expected key=value, got "fast"/],
  ['unknown consumer', withLine('at 1s commit c9'), 5, /unknown consumer "c9"/],
  ['preferred election of an unknown topic', withLine('at 1s elect-preferred-leaders topic=x'), 5, /unknown topic "x"/],
  ['action after the run ends', withLine('at 31s crash broker-1'), 5, /this happens at 31000 ms, after the run ends \(run 30000 ms\)/],
  ['bad acks', withLine('producer p2 acks=2'), 5, /acks must be all, 1 or 0, got "2"/],
  ['bad partitioner', withLine('producer p2 partitioner=random'), 5, /partitioner must be built-in-sticky or legacy-round-robin, got "random"/],
  ['bad auto.offset.reset', withLine('consumer c2 topic=t auto.offset.reset=none'), 5, /auto.offset.reset must be earliest or latest, got "none"/],
  ['consumer without a topic', withLine('consumer c2'), 5, /a consumer needs topic=NAME/],
  ['topic declared twice', withLine('topic t'), 5, /topic "t" is declared twice/],
  ['replica-assignment with fewer partitions than partitions=', withLine('topic u partitions=2 replica-assignment=1:2:3'), 5, /replica-assignment lists 1 partitions, partitions=2/],
  ['replica-assignment with uneven replica lists', withLine('topic u replica-assignment=1:2:3,2:3'), 5, /replica-assignment gives partition 1 2 replicas, replication-factor=3/],
  ['replica-assignment naming a broker twice', withLine('topic u replica-assignment=1:1:2'), 5, /replica-assignment partition 0 names a broker twice: 1:1:2/],
  ['replica-assignment with a broker that is not a number', withLine('topic u replica-assignment=1:two'), 5, /replica-assignment partition 0 must be a whole number, got "two"/],
  ['unknown broker setting', withLine('broker log.retention.ms=1000'), 5, /unknown setting "log.retention.ms" \(allowed: replica.lag.time.max.ms/],
  ['network delay reversed', withLine('network delay=10..1ms'), 5, /delay 10..1ms: the longest delay is shorter than the shortest/],
  ['loss outside [0, 1]', withLine('network loss=1.5'), 5, /loss must be a number between 0 and 1, got "1.5"/],
  ['unclean election not a boolean', withLine('topic u unclean.leader.election.enable=yes'), 5, /must be true or false, got "yes"/],
  // Checks made once the whole script is read. The offending statement is on line 1 here: the
  // parser reports these against line 1 whatever line the statement is on.
  ['replication factor above the broker count', ['topic u replication-factor=4', 'brokers 3', 'run 1s'].join('\n'), 1, /topic u: replication-factor 4 needs at least that many brokers, the cluster has 3/],
  ['replica-assignment naming a broker the cluster lacks', ['topic u replica-assignment=1:4', 'brokers 3', 'run 1s'].join('\n'), 1, /topic u: replica-assignment names broker 4, the cluster has brokers 1\.\.3/],
  ['consumer of an undeclared topic', ['consumer c topic=nope', 'brokers 1', 'run 1s'].join('\n'), 1, /consumer c reads topic "nope", which no "topic" line declares/],
  ['a producer and a consumer with one name', ['producer p', 'consumer p topic=t', 'topic t', 'brokers 1', 'run 1s'].join('\n'), 2, /the name "p" is used twice/],
  ['a client named like a broker', ['producer broker-1', 'brokers 1', 'run 1s'].join('\n'), 1, /"broker-1" is reserved/],
  ['a client named controller', ['consumer controller topic=t', 'topic t', 'brokers 1', 'run 1s'].join('\n'), 1, /"controller" is reserved/],
];

describe('malformed scripts', () => {
  it.each(MALFORMED)('%s: rejected with its line and the problem', (_what, script, line, problem) => {
    const error = syntaxError(script);
    expect(error.line).toBe(line);
    expect(error.source).toBe('bad.scenario');
    expect(error.message.startsWith(`bad.scenario:${line}: `)).toBe(true);
    expect(error.problem).toMatch(problem);
  });

  // KNOWN BUG (reported, not fixed here): validateReferences builds the client names from two Sets,
  // so two producers (or two consumers) with one name pass the parser, and runScenario then fails
  // with SimulationError "addNode: a node called p already exists", which the CLI does not catch.
  it('two producers, or two consumers, with one name: rejected', () => {
    expect(syntaxError(['producer p', 'producer p acks=1', 'brokers 1', 'run 1s'].join('\n')).problem).toMatch(/the name "p" is used twice/);
    expect(syntaxError(['consumer c topic=t', 'consumer c topic=t', 'topic t', 'brokers 1', 'run 1s'].join('\n')).problem).toMatch(/the name "c" is used twice/);
  });

  it('ignores comments and blank lines but counts them, so line numbers match the file', () => {
    const error = syntaxError(['# a comment', '', 'brokers 3   # trailing comment', '', 'at 1s explode', 'run 1s'].join('\n'));
    expect(error.line).toBe(5);
  });

  it('counts lines the same with Windows line endings', () => {
    expect(syntaxError(['brokers 3', 'oops', 'run 1s'].join('\r\n')).line).toBe(2);
  });

  it('never fails with anything but a ScenarioSyntaxError, whatever line is changed in a shipped script', () => {
    const scripts = SHIPPED.map((name) => readFileSync(join(SCENARIO_DIRECTORY, `${name}.scenario`), 'utf8').split('\n'));
    // Words and fragments a learner might type, including JavaScript's own property names.
    const word = fc.oneof(
      fc.constantFrom(
        'at', 'run', 'brokers', 'topic', 'producer', 'consumer', 'network', 'broker', 'controller', 'seed', 'description',
        'produce', 'crash', 'restart', 'isolate', 'partition', 'heal', 'elect-preferred-leaders', 'commit',
        'broker-1', 'broker-9', 'p1', 'c1', 'orders', '/', ',', ':', '=', '..', '1s', '0', '-1', '1e9', 'NaN', '{i}',
        'topic=orders', 'count=3', 'key=none', 'partition=0', 'replica-assignment=1:2:3', 'delay=1..5ms', 'loss=0.5',
        'acks=all', 'acks=1', 'min.insync.replicas=2', '__proto__', 'constructor', 'toString', '__proto__=1',
      ),
      fc.string({ maxLength: 12 }),
    );
    const line = fc.array(word, { maxLength: 6 }).map((words) => words.join(' '));
    fc.assert(
      fc.property(fc.nat({ max: scripts.length - 1 }), fc.nat(), line, fc.boolean(), (which, where, replacement, insert) => {
        const lines = [...scripts[which]!];
        const index = where % lines.length;
        lines.splice(index, insert ? 0 : 1, replacement);
        try {
          parseScenario(lines.join('\n'), 'fuzzed');
        } catch (error) {
          if (!(error instanceof ScenarioSyntaxError)) throw error;
          expect(error.line).toBeGreaterThanOrEqual(1);
          expect(error.line).toBeLessThanOrEqual(lines.length);
        }
      }),
      { numRuns: 2_000 },
    );
  });
});
