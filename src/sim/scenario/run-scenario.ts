/**
 * Runs a parsed scenario on a simulated cluster: set-up first (brokers register, topics are
 * created, leaders take over and every follower has fetched once), then the timeline, with time 0
 * at the moment the cluster is ready.
 */
import { createConsumer } from '../../kafka/client/consumer.js';
import { createGroupConsumer } from '../../kafka/client/group-consumer.js';
import { OFFSETS_TOPIC } from '../../kafka/group/coordinator-config.js';
import { createProducer } from '../../kafka/client/producer.js';
import { brokerNode } from '../../kafka/ids.js';
import type { Mechanisms } from '../../kafka/mechanisms.js';
import { KafkaCluster } from '../cluster/kafka-cluster.js';
import type { SimTraceEvent } from '../sim-events.js';
import { fillTemplate, type Scenario, type ScenarioAction, type TimelineEntry } from './scenario.js';

export interface ScenarioRunOptions {
  /** Overrides the scenario's own seed line; the default seed is 1. */
  readonly seed?: number;
  readonly mechanisms?: Partial<Mechanisms>;
  readonly maxTraceEvents?: number;
}

export interface ScenarioRun {
  readonly scenario: Scenario;
  readonly seed: number;
  readonly cluster: KafkaCluster;
  /** Virtual time at which the cluster became ready: the scenario's time 0. */
  readonly originMs: number;
  /** Problems met while running the timeline (a restart of a node that is up, ...), with their lines. */
  readonly problems: readonly string[];
}

export class ScenarioRunError extends Error {
  override readonly name = 'ScenarioRunError';
}

/** How long set-up may take before we call the cluster broken. */
const SETUP_LIMIT_MS = 30_000;

export function runScenario(scenario: Scenario, options: ScenarioRunOptions = {}): ScenarioRun {
  const seed = options.seed ?? scenario.seed ?? 1;
  const cluster = new KafkaCluster({
    seed,
    brokers: scenario.brokers,
    network: scenario.network,
    broker: scenario.broker,
    controller: scenario.controller,
    mechanisms: options.mechanisms,
    maxTraceEvents: options.maxTraceEvents,
    ...(scenario.groupCoordinator !== undefined && { groupCoordinator: scenario.groupCoordinator }),
  });
  const originMs = setUp(cluster, scenario);
  const problems: string[] = [];
  for (const entry of scenario.timeline) {
    cluster.sim.schedule(originMs + entry.atMs, `line ${entry.line}: ${entry.action.type}`, () => {
      const problem = perform(cluster, entry, originMs, scenario);
      if (problem !== undefined) problems.push(`line ${entry.line}: ${problem}`);
    });
  }
  cluster.runUntil(originMs + scenario.runMs);
  return { scenario, seed, cluster, originMs, problems };
}

/** Runs `build` and turns a thrown mistake into a ScenarioRunError naming the script line. */
function forLine<T>(line: number, build: () => T): T {
  try {
    return build();
  } catch (error) {
    throw new ScenarioRunError(`line ${line}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

function setUp(cluster: KafkaCluster, scenario: Scenario): number {
  try {
    cluster.start(SETUP_LIMIT_MS);
  } catch (error) {
    throw new ScenarioRunError(`${error instanceof Error ? error.message : String(error)}: is the network too lossy for brokers to register?`);
  }
  for (const topic of scenario.topics) {
    cluster.createTopic(topic.name, topic.partitions, topic.replicationFactor, topic.config, topic.replicaAssignment);
  }
  // Group consumers need __consumer_offsets (Kafka creates it on the first FindCoordinator).
  const usesGroups = scenario.consumers.some((consumer) => consumer.group !== undefined);
  if (usesGroups) cluster.createOffsetsTopic();
  const readyTopics = [
    ...scenario.topics,
    ...(usesGroups ? [{ name: OFFSETS_TOPIC, partitions: cluster.groupCoordinator.offsetsTopicNumPartitions }] : []),
  ];
  const ready = cluster.sim.runUntilCondition(
    () =>
      readyTopics.every((topic) =>
        Array.from({ length: topic.partitions }, (_, partition) => cluster.partition(topic.name, partition)).every(
          (state) => state !== undefined && state.leader >= 0 && leaderHasTakenOver(cluster, topic.name, state.partition, state.leader),
        ),
      ),
    SETUP_LIMIT_MS,
  );
  if (!ready) {
    const rejected = cluster.sim.trace.filter((event) => event.type === 'input.rejected').map((event) => ('reason' in event ? event.reason : ''));
    throw new ScenarioRunError(`the cluster did not become ready within ${SETUP_LIMIT_MS} ms${rejected.length > 0 ? `: ${rejected.join('; ')}` : ''} (seed=${cluster.sim.seed})`);
  }
  const bootstrap = cluster.brokerIds.map(brokerNode);
  for (const producer of scenario.producers) {
    const { machine, initialState } = forLine(producer.line, () => createProducer(producer.id, {
      bootstrap,
      acks: producer.acks,
      ...(producer.lingerMs !== undefined && { lingerMs: producer.lingerMs }),
      ...(producer.batchSize !== undefined && { batchSize: producer.batchSize }),
      ...(producer.deliveryTimeoutMs !== undefined && { deliveryTimeoutMs: producer.deliveryTimeoutMs }),
      ...(producer.requestTimeoutMs !== undefined && { requestTimeoutMs: producer.requestTimeoutMs }),
      ...(producer.retries !== undefined && { retries: producer.retries }),
      ...(producer.keylessPartitioning !== undefined && { keylessPartitioning: producer.keylessPartitioning }),
      partitionForKey: cluster.mechanisms.partitionForKey,
    }));
    cluster.sim.addNode(producer.id, machine, initialState);
  }
  for (const consumer of scenario.consumers) {
    if (consumer.group !== undefined) {
      const group = forLine(consumer.line, () =>
        createGroupConsumer(consumer.id, {
          bootstrap,
          clientId: consumer.id,
          groupId: consumer.group!,
          assignors: { range: cluster.mechanisms.rangeAssignor },
          autoOffsetReset: consumer.autoOffsetReset,
          ...(consumer.assignor !== undefined && { partitionAssignmentStrategy: [consumer.assignor] }),
          ...(consumer.protocol !== undefined && { groupProtocol: consumer.protocol }),
          ...(consumer.commit !== undefined && { commitMode: consumer.commit }),
          ...(consumer.sessionTimeoutMs !== undefined && { sessionTimeoutMs: consumer.sessionTimeoutMs }),
          ...(consumer.heartbeatIntervalMs !== undefined && { heartbeatIntervalMs: consumer.heartbeatIntervalMs }),
          ...(consumer.maxPollIntervalMs !== undefined && { maxPollIntervalMs: consumer.maxPollIntervalMs }),
        }),
      );
      cluster.sim.addNode(consumer.id, group.machine, group.initialState);
      // It subscribes at time 0, unless the timeline says when.
      const later = scenario.timeline.some((entry) => entry.action.type === 'subscribe' && entry.action.consumer === consumer.id);
      if (!later) cluster.sim.command(consumer.id, { type: 'subscribe', topics: [consumer.topic] });
      continue;
    }
    const { machine, initialState } = forLine(consumer.line, () => createConsumer(consumer.id, { bootstrap, autoOffsetReset: consumer.autoOffsetReset, pollIntervalMs: 100 }));
    cluster.sim.addNode(consumer.id, machine, initialState);
    const partitions = scenario.topics.find((topic) => topic.name === consumer.topic)?.partitions ?? 0;
    cluster.sim.command(consumer.id, {
      type: 'assign',
      partitions: Array.from({ length: partitions }, (_, partition) => ({ topic: consumer.topic, partition })),
    });
  }
  return cluster.now;
}

/** The leader acts as leader and has heard a fetch from every follower: replication is flowing. */
function leaderHasTakenOver(cluster: KafkaCluster, topic: string, partition: number, leader: number): boolean {
  const replica = cluster.brokerState(leader)?.replicas.get(`${topic}-${partition}`);
  if (replica?.role !== 'leader') return false;
  return [...replica.followers.values()].every((progress) => progress.logEndOffset >= 0);
}

/** Carries out one timeline entry; returns a problem to report instead of throwing. */
function perform(cluster: KafkaCluster, entry: TimelineEntry, originMs: number, scenario: Scenario): string | undefined {
  const { sim } = cluster;
  const action: ScenarioAction = entry.action;
  switch (action.type) {
    case 'produce':
      for (let index = 0; index < action.count; index++) {
        const command = {
          type: 'send' as const,
          topic: action.topic,
          key: action.key === null ? null : fillTemplate(action.key, index),
          value: fillTemplate(action.value, index),
          ...(action.partition !== undefined && { partition: action.partition }),
        };
        sim.command(action.producer, command, originMs + entry.atMs + index * action.everyMs);
      }
      return undefined;
    case 'crash':
      if (!sim.isUp(action.node)) return `crash ${action.node}: it is already down`;
      sim.crash(action.node);
      return undefined;
    case 'restart':
      if (sim.isUp(action.node)) return `restart ${action.node}: it is not down`;
      sim.restart(action.node);
      return undefined;
    case 'isolate':
      sim.network.isolate(action.node);
      return undefined;
    case 'partition':
      sim.network.partition(action.sideA, action.sideB);
      return undefined;
    case 'heal':
      sim.network.heal();
      return undefined;
    case 'elect-preferred-leaders':
      cluster.electPreferredLeaders(action.topic);
      return undefined;
    case 'commit':
      sim.command(action.consumer, { type: 'commit' });
      return undefined;
    case 'subscribe': {
      if (!sim.isUp(action.consumer)) return `subscribe ${action.consumer}: it is down`;
      const topic = scenario.consumers.find((consumer) => consumer.id === action.consumer)!.topic;
      sim.command(action.consumer, { type: 'subscribe', topics: [topic] });
      return undefined;
    }
    case 'leave':
      if (!sim.isUp(action.consumer)) return `leave ${action.consumer}: it is down`;
      sim.command(action.consumer, { type: 'unsubscribe' });
      return undefined;
    case 'stall':
      if (!sim.isUp(action.consumer)) return `stall ${action.consumer}: it is down`;
      sim.command(action.consumer, { type: 'stall', durationMs: action.durationMs });
      return undefined;
  }
}

/** Events worth reading: idle long-poll answers and message-level events are left out unless asked for. */
export function interestingEvents(trace: readonly SimTraceEvent[], all = false): SimTraceEvent[] {
  if (all) return [...trace];
  return trace.filter(
    (event) => !(event.type === 'replica.fetched' && event.records === 0) && event.type !== 'message.delivered',
  );
}

/** Shift event times so that 0 is the moment the cluster was ready. */
export function relativeTo(originMs: number, events: readonly SimTraceEvent[]): SimTraceEvent[] {
  return events.map((event) => ({ ...event, at: event.at - originMs }));
}
