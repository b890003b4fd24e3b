/**
 * Parses a scenario script (syntax in scenario.ts). Every mistake is reported with its line and
 * what was expected, so a learner writing their own scenario can fix it without reading this file.
 */
import { brokerNode, CONTROLLER_NODE, type NodeId } from '../../kafka/ids.js';
import {
  scenarioLimits,
  type ConsumerSpec,
  type ProducerSpec,
  type Scenario,
  type ScenarioAction,
  type TimelineEntry,
  type TopicSpec,
} from './scenario.js';

export class ScenarioSyntaxError extends Error {
  override readonly name = 'ScenarioSyntaxError';
  constructor(
    readonly source: string,
    readonly line: number,
    readonly problem: string,
  ) {
    super(`${source}:${line}: ${problem}`);
  }
}

const STATEMENTS = ['description', 'seed', 'brokers', 'network', 'broker', 'controller', 'group-coordinator', 'topic', 'producer', 'consumer', 'at', 'run'];
const ACTIONS = ['produce', 'crash', 'restart', 'isolate', 'partition', 'heal', 'elect-preferred-leaders', 'commit', 'subscribe', 'leave', 'stall'];

interface Mutable {
  description: string;
  seed: number | undefined;
  brokers: number | undefined;
  network: Record<string, number>;
  broker: Record<string, number>;
  controller: Record<string, number>;
  groupCoordinator: Record<string, number>;
  topics: TopicSpec[];
  producers: ProducerSpec[];
  consumers: ConsumerSpec[];
  timeline: TimelineEntry[];
  runMs: number | undefined;
}

export function parseScenario(text: string, name: string, source = name): Scenario {
  const draft: Mutable = {
    description: '',
    seed: undefined,
    brokers: undefined,
    network: {},
    broker: {},
    controller: {},
    groupCoordinator: {},
    topics: [],
    producers: [],
    consumers: [],
    timeline: [],
    runMs: undefined,
  };
  const lines = text.split(/\r?\n/);
  lines.forEach((raw, index) => {
    const content = raw.replace(/#.*$/, '').trim();
    if (content === '') return;
    const line = new Line(source, index + 1, content);
    parseStatement(line, draft);
  });
  const last = Math.max(1, lines.findLastIndex((text) => text.trim() !== '') + 1);
  if (draft.brokers === undefined) throw new ScenarioSyntaxError(source, last, 'missing "brokers N": how many brokers the cluster has');
  if (draft.runMs === undefined) throw new ScenarioSyntaxError(source, last, 'missing "run <time>": how long to run, e.g. "run 30s"');
  const scenario: Scenario = {
    name,
    description: draft.description,
    seed: draft.seed,
    brokers: draft.brokers,
    network: draft.network,
    broker: draft.broker,
    controller: draft.controller,
    groupCoordinator: draft.groupCoordinator,
    topics: draft.topics,
    producers: draft.producers,
    consumers: draft.consumers,
    timeline: [...draft.timeline].sort((a, b) => a.atMs - b.atMs || a.line - b.line),
    runMs: draft.runMs,
  };
  validateReferences(scenario, source);
  return scenario;
}

/** One statement's words, with helpers that fail with the line number. */
class Line {
  readonly words: string[];
  constructor(
    readonly source: string,
    readonly number: number,
    content: string,
  ) {
    this.words = content.split(/\s+/);
  }

  fail(problem: string): never {
    throw new ScenarioSyntaxError(this.source, this.number, problem);
  }

  /** key=value pairs from `start` on; each key must be one of `allowed`. */
  options(start: number, allowed: readonly string[]): Map<string, string> {
    const found = new Map<string, string>();
    for (const word of this.words.slice(start)) {
      const eq = word.indexOf('=');
      if (eq <= 0) this.fail(`expected key=value, got "${word}" (allowed keys: ${allowed.join(', ')})`);
      const key = word.slice(0, eq);
      if (!allowed.includes(key)) this.fail(`unknown setting "${key}" (allowed: ${allowed.join(', ')})`);
      if (found.has(key)) this.fail(`"${key}" is given twice`);
      found.set(key, word.slice(eq + 1));
    }
    return found;
  }

  word(index: number, what: string): string {
    const word = this.words[index];
    if (word === undefined) this.fail(`missing ${what}`);
    return word;
  }

  integer(text: string, what: string, min: number, max: number): number {
    const value = Number(text);
    if (!/^-?\d+$/.test(text) || !Number.isSafeInteger(value)) this.fail(`${what} must be a whole number, got "${text}"`);
    if (value < min || value > max) this.fail(`${what} must be between ${min} and ${max}, got ${value}`);
    return value;
  }

  /** "250ms", "1.5s", "2m", or a bare number of milliseconds. */
  duration(text: string, what: string): number {
    const match = /^(\d+(?:\.\d+)?)(ms|s|m)?$/.exec(text);
    if (match === null) this.fail(`${what} must be a time like 250ms, 1.5s or 2m, got "${text}"`);
    const scale = match[2] === 's' ? 1_000 : match[2] === 'm' ? 60_000 : 1;
    const ms = Math.round(Number(match[1]) * scale);
    if (ms > scenarioLimits.maxRunMs) this.fail(`${what} is longer than the limit of ${scenarioLimits.maxRunMs / 60_000} minutes`);
    return ms;
  }

  probability(text: string, what: string): number {
    const value = Number(text);
    if (text === '' || !Number.isFinite(value) || value < 0 || value > 1) this.fail(`${what} must be a number between 0 and 1, got "${text}"`);
    return value;
  }

  boolean(text: string, what: string): boolean {
    if (text === 'true') return true;
    if (text === 'false') return false;
    return this.fail(`${what} must be true or false, got "${text}"`);
  }
}

function parseStatement(line: Line, draft: Mutable): void {
  const keyword = line.words[0]!;
  switch (keyword) {
    case 'description':
      draft.description = line.words.slice(1).join(' ');
      return;
    case 'seed':
      draft.seed = line.integer(line.word(1, 'the seed'), 'seed', 0, 2 ** 32 - 1);
      return;
    case 'brokers':
      draft.brokers = line.integer(line.word(1, 'the number of brokers'), 'brokers', 1, scenarioLimits.maxBrokers);
      return;
    case 'network':
      parseNetwork(line, draft);
      return;
    case 'broker':
      parseConfig(line, draft.broker, {
        'replica.lag.time.max.ms': 'replicaLagTimeMaxMs',
        'replica.fetch.wait.max.ms': 'replicaFetchWaitMaxMs',
        'broker.heartbeat.interval.ms': 'brokerHeartbeatIntervalMs',
      });
      return;
    case 'controller':
      parseConfig(line, draft.controller, { 'broker.session.timeout.ms': 'brokerSessionTimeoutMs' });
      return;
    case 'group-coordinator':
      parseConfig(line, draft.groupCoordinator, {
        'offsets.topic.num.partitions': 'offsetsTopicNumPartitions',
        'offsets.topic.replication.factor': 'offsetsTopicReplicationFactor',
        'group.initial.rebalance.delay.ms': 'groupInitialRebalanceDelayMs',
        'group.consumer.session.timeout.ms': 'groupConsumerSessionTimeoutMs',
        'group.consumer.heartbeat.interval.ms': 'groupConsumerHeartbeatIntervalMs',
      }, 0);
      return;
    case 'topic':
      draft.topics.push(parseTopic(line, draft));
      return;
    case 'producer':
      draft.producers.push(parseProducer(line, draft));
      return;
    case 'consumer':
      draft.consumers.push(parseConsumer(line, draft));
      return;
    case 'at':
      draft.timeline.push(parseTimelineEntry(line));
      return;
    case 'run':
      if (draft.runMs !== undefined) line.fail('"run" is given twice');
      draft.runMs = line.duration(line.word(1, 'how long to run, e.g. "run 30s"'), 'the run time');
      return;
    default:
      line.fail(`unknown statement "${keyword}" (expected one of: ${STATEMENTS.join(', ')})`);
  }
}

function parseNetwork(line: Line, draft: Mutable): void {
  const options = line.options(1, ['delay', 'loss', 'duplicate']);
  const delay = options.get('delay');
  if (delay !== undefined) {
    const [low = '', high = low] = delay.split('..');
    draft.network.minDelayMs = line.duration(low, 'the shortest delay');
    draft.network.maxDelayMs = line.duration(high, 'the longest delay');
    if (draft.network.maxDelayMs < draft.network.minDelayMs) line.fail(`delay ${delay}: the longest delay is shorter than the shortest`);
  }
  const loss = options.get('loss');
  if (loss !== undefined) draft.network.dropProbability = line.probability(loss, 'loss');
  const duplicate = options.get('duplicate');
  if (duplicate !== undefined) draft.network.duplicateProbability = line.probability(duplicate, 'duplicate');
}

function parseConfig(line: Line, into: Record<string, number>, names: Record<string, string>, min = 1): void {
  for (const [key, value] of line.options(1, Object.keys(names))) {
    into[names[key]!] = line.integer(value, key, min, scenarioLimits.maxRunMs);
  }
}

function parseTopic(line: Line, draft: Mutable): TopicSpec {
  const name = line.word(1, 'the topic name');
  if (draft.topics.some((topic) => topic.name === name)) line.fail(`topic "${name}" is declared twice`);
  const options = line.options(2, ['partitions', 'replication-factor', 'replica-assignment', 'min.insync.replicas', 'unclean.leader.election.enable']);
  const assignmentText = options.get('replica-assignment');
  const replicaAssignment = assignmentText === undefined ? undefined : parseAssignment(line, assignmentText);
  const partitions = line.integer(options.get('partitions') ?? String(replicaAssignment?.length ?? 1), 'partitions', 1, scenarioLimits.maxPartitions);
  const replicationFactor = line.integer(
    options.get('replication-factor') ?? String(replicaAssignment?.[0]?.length ?? 1),
    'replication-factor',
    1,
    scenarioLimits.maxBrokers,
  );
  if (replicaAssignment !== undefined) {
    if (replicaAssignment.length !== partitions) line.fail(`replica-assignment lists ${replicaAssignment.length} partitions, partitions=${partitions}`);
    const wrong = replicaAssignment.findIndex((replicas) => replicas.length !== replicationFactor);
    if (wrong >= 0) line.fail(`replica-assignment gives partition ${wrong} ${replicaAssignment[wrong]!.length} replicas, replication-factor=${replicationFactor}`);
  }
  const config: { minInsyncReplicas?: number; uncleanLeaderElectionEnable?: boolean } = {};
  const minIsr = options.get('min.insync.replicas');
  if (minIsr !== undefined) config.minInsyncReplicas = line.integer(minIsr, 'min.insync.replicas', 1, scenarioLimits.maxBrokers);
  const unclean = options.get('unclean.leader.election.enable');
  if (unclean !== undefined) config.uncleanLeaderElectionEnable = line.boolean(unclean, 'unclean.leader.election.enable');
  return { name, line: line.number, partitions, replicationFactor, config, replicaAssignment };
}

/** "1:2:3,2:3:1": partitions split by commas, each partition's replicas by colons, leader first. */
function parseAssignment(line: Line, text: string): number[][] {
  return text.split(',').map((partition, index) => {
    const replicas = partition.split(':').map((id) => line.integer(id, `replica-assignment partition ${index}`, 1, scenarioLimits.maxBrokers));
    if (new Set(replicas).size !== replicas.length) line.fail(`replica-assignment partition ${index} names a broker twice: ${partition}`);
    return replicas;
  });
}

/** Client names are node names: unique, and not a broker's, the controller's or the simulator's. */
function clientName(line: Line, draft: Mutable, what: string): string {
  const name = line.word(1, `the ${what} name`);
  if (!/^[A-Za-z0-9._-]+$/.test(name)) line.fail(`a ${what} name may use letters, digits, ".", "_" and "-", got "${name}"`);
  if (name === CONTROLLER_NODE || name === 'sim' || /^broker-\d+$/.test(name)) line.fail(`"${name}" is reserved (brokers, the controller and the simulator use such names)`);
  if ([...draft.producers, ...draft.consumers].some((client) => client.id === name)) line.fail(`the name "${name}" is used twice: clients need names of their own`);
  return name;
}

function parseProducer(line: Line, draft: Mutable): ProducerSpec {
  const id = clientName(line, draft, 'producer');
  const options = line.options(2, ['acks', 'linger.ms', 'batch.size', 'delivery.timeout.ms', 'request.timeout.ms', 'retries', 'partitioner']);
  const acksText = options.get('acks') ?? 'all';
  const acks = acksText === 'all' || acksText === '-1' ? -1 : acksText === '1' ? 1 : acksText === '0' ? 0 : line.fail(`acks must be all, 1 or 0, got "${acksText}"`);
  const partitioner = options.get('partitioner');
  if (partitioner !== undefined && partitioner !== 'built-in-sticky' && partitioner !== 'legacy-round-robin') {
    line.fail(`partitioner must be built-in-sticky or legacy-round-robin, got "${partitioner}"`);
  }
  const spec: { -readonly [K in keyof ProducerSpec]: ProducerSpec[K] } = { id, line: line.number, acks };
  const linger = options.get('linger.ms');
  if (linger !== undefined) spec.lingerMs = line.integer(linger, 'linger.ms', 0, 60_000);
  const batch = options.get('batch.size');
  if (batch !== undefined) spec.batchSize = line.integer(batch, 'batch.size', 1, 16 * 1024 * 1024);
  const delivery = options.get('delivery.timeout.ms');
  if (delivery !== undefined) spec.deliveryTimeoutMs = line.integer(delivery, 'delivery.timeout.ms', 1, scenarioLimits.maxRunMs);
  const request = options.get('request.timeout.ms');
  if (request !== undefined) spec.requestTimeoutMs = line.integer(request, 'request.timeout.ms', 1, scenarioLimits.maxRunMs);
  const retries = options.get('retries');
  if (retries !== undefined) spec.retries = line.integer(retries, 'retries', 0, 2 ** 31 - 1);
  if (partitioner !== undefined) spec.keylessPartitioning = partitioner as ProducerSpec['keylessPartitioning'];
  return spec;
}

function parseConsumer(line: Line, draft: Mutable): ConsumerSpec {
  const id = clientName(line, draft, 'consumer');
  const groupKeys = ['group', 'partition.assignment.strategy', 'group.protocol', 'session.timeout.ms', 'heartbeat.interval.ms', 'max.poll.interval.ms', 'commit'];
  const options = line.options(2, ['topic', 'auto.offset.reset', ...groupKeys]);
  const topic = options.get('topic') ?? line.fail('a consumer needs topic=NAME');
  const reset = options.get('auto.offset.reset') ?? 'latest';
  if (reset !== 'earliest' && reset !== 'latest') line.fail(`auto.offset.reset must be earliest or latest, got "${reset}"`);
  const group = options.get('group');
  if (group === undefined) {
    const stray = groupKeys.find((key) => options.has(key));
    if (stray !== undefined) line.fail(`${stray} is for group consumers: add group=NAME`);
    return { id, line: line.number, topic, autoOffsetReset: reset };
  }
  if (group === '') line.fail('group= needs a group id (Kafka: INVALID_GROUP_ID for an empty one)');
  const assignor = options.get('partition.assignment.strategy');
  if (assignor !== undefined && !['range', 'roundrobin', 'cooperative-sticky'].includes(assignor)) {
    line.fail(`unknown assignor "${assignor}": choose range, roundrobin or cooperative-sticky`);
  }
  const protocol = options.get('group.protocol');
  if (protocol !== undefined && protocol !== 'classic' && protocol !== 'consumer') line.fail(`group.protocol must be classic or consumer, got "${protocol}"`);
  const commit = options.get('commit');
  if (commit !== undefined && commit !== 'auto' && commit !== 'after-poll' && commit !== 'manual') line.fail(`commit must be auto, after-poll or manual, got "${commit}"`);
  const ms = (key: string): number | undefined => (options.has(key) ? line.duration(options.get(key)!, key) : undefined);
  return {
    id,
    line: line.number,
    topic,
    autoOffsetReset: reset,
    group,
    ...(assignor !== undefined && { assignor }),
    ...(protocol !== undefined && { protocol: protocol as 'classic' | 'consumer' }),
    ...(commit !== undefined && { commit: commit as 'auto' | 'after-poll' | 'manual' }),
    ...(options.has('session.timeout.ms') && { sessionTimeoutMs: ms('session.timeout.ms')! }),
    ...(options.has('heartbeat.interval.ms') && { heartbeatIntervalMs: ms('heartbeat.interval.ms')! }),
    ...(options.has('max.poll.interval.ms') && { maxPollIntervalMs: ms('max.poll.interval.ms')! }),
  };
}

function parseTimelineEntry(line: Line): TimelineEntry {
  const atMs = line.duration(line.word(1, 'a time, e.g. "at 1200ms crash broker-1"'), 'the time');
  const verb = line.word(2, `an action (one of: ${ACTIONS.join(', ')})`);
  return { atMs, line: line.number, action: parseAction(line, verb) };
}

function parseAction(line: Line, verb: string): ScenarioAction {
  switch (verb) {
    case 'produce': {
      const producer = line.word(3, 'the producer that sends, e.g. "produce p1 topic=orders"');
      const options = line.options(4, ['topic', 'count', 'key', 'value', 'every', 'partition']);
      const topic = options.get('topic') ?? line.fail('produce needs topic=NAME');
      const count = line.integer(options.get('count') ?? '1', 'count', 1, scenarioLimits.maxRecordsPerProduce);
      const keyText = options.get('key') ?? 'none';
      const partitionText = options.get('partition');
      return {
        type: 'produce',
        producer,
        topic,
        count,
        key: keyText === 'none' ? null : keyText,
        value: options.get('value') ?? `${producer}-{i}`,
        everyMs: options.has('every') ? line.duration(options.get('every')!, 'every') : 0,
        partition: partitionText === undefined ? undefined : line.integer(partitionText, 'partition', 0, scenarioLimits.maxPartitions - 1),
      };
    }
    case 'crash':
    case 'restart':
    case 'isolate':
      if (line.words.length > 4) line.fail(`${verb} takes one node, e.g. "${verb} broker-1"`);
      return { type: verb, node: line.word(3, `the node to ${verb}, e.g. broker-1`) };
    case 'partition': {
      const rest = line.words.slice(3).join(' ');
      const sides = rest.split('/');
      if (sides.length !== 2) line.fail('partition takes two sides split by "/", e.g. "partition broker-1 / broker-2,broker-3,controller"');
      const [sideA, sideB] = sides.map((side) => side.split(/[\s,]+/).filter((node) => node !== '')) as [NodeId[], NodeId[]];
      if (sideA.length === 0 || sideB.length === 0) line.fail('each side of a partition needs at least one node');
      return { type: 'partition', sideA, sideB };
    }
    case 'heal':
      if (line.words.length > 3) line.fail('heal takes nothing: it restores every link');
      return { type: 'heal' };
    case 'elect-preferred-leaders': {
      const options = line.options(3, ['topic']);
      return { type: 'elect-preferred-leaders', topic: options.get('topic') };
    }
    case 'commit':
      return { type: 'commit', consumer: line.word(3, 'the consumer that commits') };
    case 'subscribe':
    case 'leave':
      if (line.words.length > 4) line.fail(`${verb} takes one consumer, e.g. "${verb} c3"`);
      return { type: verb, consumer: line.word(3, `the group consumer that should ${verb}`) };
    case 'stall':
      if (line.words.length > 5) line.fail('stall takes a consumer and a time, e.g. "stall c2 15s"');
      return { type: 'stall', consumer: line.word(3, 'the group consumer that stops polling'), durationMs: line.duration(line.word(4, 'how long it stops polling, e.g. 15s'), 'the stall') };
    default:
      return line.fail(`unknown action "${verb}" (expected one of: ${ACTIONS.join(', ')})`);
  }
}

/** Names used in the timeline must exist: nodes, producers, consumers, topics, partitions. */
function validateReferences(scenario: Scenario, source: string): void {
  const brokers = Array.from({ length: scenario.brokers }, (_, index) => brokerNode(index + 1));
  const producers = new Set(scenario.producers.map((producer) => producer.id));
  const consumers = new Set(scenario.consumers.map((consumer) => consumer.id));
  const nodes = new Set<NodeId>([...brokers, CONTROLLER_NODE, ...producers, ...consumers]);
  const topics = new Map(scenario.topics.map((topic) => [topic.name, topic]));
  for (const topic of scenario.topics) {
    if (topic.replicationFactor > scenario.brokers) {
      throw new ScenarioSyntaxError(source, topic.line, `topic ${topic.name}: replication-factor ${topic.replicationFactor} needs at least that many brokers, the cluster has ${scenario.brokers}`);
    }
    const missing = topic.replicaAssignment?.flat().find((id) => id > scenario.brokers);
    if (missing !== undefined) throw new ScenarioSyntaxError(source, topic.line, `topic ${topic.name}: replica-assignment names broker ${missing}, the cluster has brokers 1..${scenario.brokers}`);
  }
  for (const consumer of scenario.consumers) {
    if (!topics.has(consumer.topic)) throw new ScenarioSyntaxError(source, consumer.line, `consumer ${consumer.id} reads topic "${consumer.topic}", which no "topic" line declares`);
  }
  const knownNode = (node: NodeId, line: number): void => {
    if (!nodes.has(node)) throw new ScenarioSyntaxError(source, line, `unknown node "${node}" (known: ${[...nodes].join(', ')})`);
  };
  for (const entry of scenario.timeline) {
    const { action, line } = entry;
    if (entry.atMs > scenario.runMs) throw new ScenarioSyntaxError(source, line, `this happens at ${entry.atMs} ms, after the run ends (run ${scenario.runMs} ms)`);
    switch (action.type) {
      case 'produce': {
        if (!producers.has(action.producer)) throw new ScenarioSyntaxError(source, line, `unknown producer "${action.producer}" (declare it with "producer ${action.producer} acks=all")`);
        const topic = topics.get(action.topic);
        if (topic === undefined) throw new ScenarioSyntaxError(source, line, `unknown topic "${action.topic}" (declare it with "topic ${action.topic} partitions=3 replication-factor=3")`);
        if (action.partition !== undefined && action.partition >= topic.partitions) {
          throw new ScenarioSyntaxError(source, line, `topic ${action.topic} has partitions 0..${topic.partitions - 1}, not ${action.partition}`);
        }
        break;
      }
      case 'crash':
      case 'restart':
      case 'isolate':
        knownNode(action.node, line);
        break;
      case 'partition':
        for (const node of [...action.sideA, ...action.sideB]) knownNode(node, line);
        break;
      case 'elect-preferred-leaders':
        if (action.topic !== undefined && !topics.has(action.topic)) throw new ScenarioSyntaxError(source, line, `unknown topic "${action.topic}"`);
        break;
      case 'commit':
        if (!consumers.has(action.consumer)) throw new ScenarioSyntaxError(source, line, `unknown consumer "${action.consumer}"`);
        break;
      case 'subscribe':
      case 'leave':
      case 'stall': {
        const consumer = scenario.consumers.find((c) => c.id === action.consumer);
        if (consumer === undefined) throw new ScenarioSyntaxError(source, line, `unknown consumer "${action.consumer}"`);
        if (consumer.group === undefined) throw new ScenarioSyntaxError(source, line, `${action.type} is for group consumers: give ${consumer.id} a group=NAME`);
        break;
      }
      case 'heal':
        break;
    }
  }
}
