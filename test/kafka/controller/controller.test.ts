/**
 * The plain controller stepped directly, one input at a time (kafka-semantics 6.5, 6.6, 5.1, 5.5,
 * 5.9, 5.10, 9; invariants 11.7-11.9 and 11.15).
 */
import { describe, expect, it } from 'vitest';
import { defaultControllerConfig } from '../../../src/kafka/config.js';
import {
  brokerStatus,
  createController,
  listPartitions,
  listTopics,
  partitionStateOf,
  type ControllerCommand,
  type ControllerOptions,
  type ControllerState,
} from '../../../src/kafka/controller/controller.js';
import { electLeader, type ElectLeader } from '../../../src/kafka/controller/leader-election.js';
import { ErrorCode } from '../../../src/kafka/errors.js';
import { CONTROLLER_NODE, NO_LEADER, brokerNode, type BrokerId, type NodeId } from '../../../src/kafka/ids.js';
import type { Message, MessageType, PartitionState } from '../../../src/kafka/protocol/messages.js';
import type { NodeInput, RandomSource, Step } from '../../../src/kafka/step.js';
import { eventsOfType } from '../../../src/kafka/trace.js';

const SESSION_TIMEOUT_MS = defaultControllerConfig.brokerSessionTimeoutMs; // 9000
const CHECK_INTERVAL_MS = defaultControllerConfig.fenceCheckIntervalMs; // 500

/** A tiny fake RandomSource: always 0, so placement starts at the first broker with shift 0. */
const zeroRandom: RandomSource = { nextInt: () => 0 };

/** Drives the controller machine like a runtime would, keeping state and the last step. */
class Harness {
  readonly machine;
  state: ControllerState;
  last!: Step<ControllerState>;

  constructor(options: Partial<ControllerOptions> = {}, readonly random: RandomSource = zeroRandom) {
    const { machine, initialState } = createController(options);
    this.machine = machine;
    this.state = initialState;
  }

  step(input: NodeInput<ControllerCommand>, at: number): Step<ControllerState> {
    this.last = this.machine.step(this.state, input, { now: at, random: this.random });
    this.state = this.last.state;
    return this.last;
  }

  deliver(from: NodeId, message: Message, at: number): Step<ControllerState> {
    return this.step({ kind: 'deliver', envelope: { from, to: CONTROLLER_NODE, message } }, at);
  }

  command(command: ControllerCommand, at: number): Step<ControllerState> {
    return this.step({ kind: 'command', command }, at);
  }

  wake(at: number): Step<ControllerState> {
    return this.step({ kind: 'wake' }, at);
  }

  register(brokerId: BrokerId, at: number, incarnationId = brokerId * 100): Step<ControllerState> {
    return this.deliver(brokerNode(brokerId), { type: 'BrokerRegistrationRequest', brokerId, incarnationId }, at);
  }

  epochOf(brokerId: BrokerId): number {
    const status = brokerStatus(this.state).find((broker) => broker.brokerId === brokerId);
    if (status === undefined) throw new Error(`broker ${brokerId} is not registered`);
    return status.brokerEpoch;
  }

  heartbeat(brokerId: BrokerId, at: number, wantFence = false): Step<ControllerState> {
    const brokerEpoch = this.epochOf(brokerId);
    // The fake broker claims to be up to date with metadata, so heartbeats trigger no snapshot resend.
    const metadataOffset = Number.MAX_SAFE_INTEGER;
    return this.deliver(brokerNode(brokerId), { type: 'BrokerHeartbeatRequest', brokerId, brokerEpoch, metadataOffset, wantFence }, at);
  }

  partition(topic: string, partition: number): PartitionState {
    const state = partitionStateOf(this.state, topic, partition);
    if (state === undefined) throw new Error(`no partition ${topic}-${partition}`);
    return state;
  }

  /** AlterPartition from the current leader, quoting the current epochs unless overridden. */
  alterPartition(
    topic: string,
    partition: number,
    newIsr: BrokerId[],
    at: number,
    overrides: Partial<{ brokerId: BrokerId; brokerEpoch: number; leaderEpoch: number; partitionEpoch: number; from: NodeId }> = {},
  ): Step<ControllerState> {
    const current = partitionStateOf(this.state, topic, partition);
    const brokerId = overrides.brokerId ?? current?.leader ?? 1;
    return this.deliver(
      overrides.from ?? brokerNode(brokerId),
      {
        type: 'AlterPartitionRequest',
        brokerId,
        brokerEpoch: overrides.brokerEpoch ?? this.epochOf(brokerId),
        topic,
        partition,
        leaderEpoch: overrides.leaderEpoch ?? current?.leaderEpoch ?? 0,
        partitionEpoch: overrides.partitionEpoch ?? current?.partitionEpoch ?? 0,
        newIsr,
      },
      at,
    );
  }
}

/** The messages of one type a step sent to one node. */
function sent<T extends MessageType>(step: Step<unknown>, to: NodeId, type: T): Array<Extract<Message, { type: T }>> {
  return step.messages
    .filter((envelope) => envelope.to === to && envelope.message.type === type)
    .map((envelope) => envelope.message as Extract<Message, { type: T }>);
}

function onlySent<T extends MessageType>(step: Step<unknown>, to: NodeId, type: T): Extract<Message, { type: T }> {
  const messages = sent(step, to, type);
  expect(messages).toHaveLength(1);
  return messages[0] as Extract<Message, { type: T }>;
}

/** Three registered, unfenced brokers (all heartbeating at t=0) and topic "orders" (3 partitions, RF 3). */
function threeBrokersWithOrders(options: Partial<ControllerOptions> = {}): Harness {
  const cluster = new Harness(options);
  for (const id of [1, 2, 3]) cluster.register(id, 0);
  for (const id of [1, 2, 3]) cluster.heartbeat(id, 0);
  cluster.command({ type: 'create-topic', name: 'orders', numPartitions: 3, replicationFactor: 3 }, 0);
  return cluster;
}

/** Brokers 2 and 3 heartbeat every 2000 ms (broker.heartbeat.interval.ms) up to and including `until`. */
function keepAlive(cluster: Harness, brokers: BrokerId[], from: number, until: number): void {
  for (let at = from; at <= until; at += 2000) for (const id of brokers) cluster.heartbeat(id, at);
}

describe('broker registration (semantics 6.5)', () => {
  it('gives every registration a strictly larger broker epoch and starts the broker fenced', () => {
    const cluster = new Harness();
    const epochs = [1, 2, 3].map((id) => {
      const step = cluster.register(id, 10 * id);
      const response = onlySent(step, brokerNode(id), 'BrokerRegistrationResponse');
      expect(response.error).toBe(ErrorCode.NONE);
      expect(eventsOfType(step.events, 'broker.registered')).toEqual([
        { type: 'broker.registered', at: 10 * id, node: CONTROLLER_NODE, broker: id, brokerEpoch: response.brokerEpoch },
      ]);
      return response.brokerEpoch;
    });
    expect(epochs[1]).toBeGreaterThan(epochs[0] as number);
    expect(epochs[2]).toBeGreaterThan(epochs[1] as number);
    expect(brokerStatus(cluster.state).map((broker) => broker.fenced)).toEqual([true, true, true]);
  });

  it('pushes the full metadata to the new broker, after its registration reply', () => {
    const cluster = threeBrokersWithOrders();
    const step = cluster.register(4, 100);
    const toNewBroker = step.messages.filter((envelope) => envelope.to === brokerNode(4)).map((envelope) => envelope.message.type);
    expect(toNewBroker).toEqual(['BrokerRegistrationResponse', 'MetadataUpdate']);
    const update = onlySent(step, brokerNode(4), 'MetadataUpdate');
    expect(update.topics.map((topic) => topic.name)).toEqual(['orders']);
    expect(update.partitions).toHaveLength(3);
    expect(update.brokers.map((broker) => [broker.brokerId, broker.fenced])).toEqual([[1, false], [2, false], [3, false], [4, true]]);
  });

  it('answers a retry from the same incarnation with the same epoch', () => {
    const cluster = new Harness();
    const first = onlySent(cluster.register(1, 0, 7), brokerNode(1), 'BrokerRegistrationResponse');
    const retry = cluster.register(1, 5, 7);
    expect(onlySent(retry, brokerNode(1), 'BrokerRegistrationResponse')).toEqual(first);
    expect(eventsOfType(retry.events, 'broker.registered')).toEqual([]);
  });

  it('refuses a registration sent from another node', () => {
    const cluster = new Harness();
    const step = cluster.deliver('broker-2', { type: 'BrokerRegistrationRequest', brokerId: 1, incarnationId: 1 }, 0);
    expect(onlySent(step, 'broker-2', 'BrokerRegistrationResponse').error).toBe(ErrorCode.INVALID_REQUEST);
    expect(brokerStatus(cluster.state)).toEqual([]);
  });

  it('a new incarnation fences the old registration first: leaderships move away (re-registered)', () => {
    const cluster = threeBrokersWithOrders();
    const oldEpoch = cluster.epochOf(1);
    const step = cluster.register(1, 500, 9999);

    expect(step.events.map((event) => event.type)).toEqual([
      'broker.fenced', 'leader.elected', 'isr.shrunk', 'isr.shrunk', 'isr.shrunk', 'broker.registered',
    ]);
    expect(eventsOfType(step.events, 'broker.fenced')[0]).toMatchObject({ broker: 1, reason: 're-registered' });
    expect(cluster.partition('orders', 0)).toMatchObject({ leader: 2, leaderEpoch: 1, isr: [2, 3] });
    expect(cluster.epochOf(1)).toBeGreaterThan(oldEpoch);
    expect(brokerStatus(cluster.state)[0]).toMatchObject({ brokerId: 1, fenced: true, incarnationId: 9999 });

    // The old incarnation's epoch is now stale.
    const stale = cluster.deliver(brokerNode(1), { type: 'BrokerHeartbeatRequest', brokerId: 1, brokerEpoch: oldEpoch, metadataOffset: 0, wantFence: false }, 600);
    expect(onlySent(stale, brokerNode(1), 'BrokerHeartbeatResponse')).toEqual({
      type: 'BrokerHeartbeatResponse', error: ErrorCode.STALE_BROKER_EPOCH, isFenced: true,
    });
  });
});

describe('heartbeats and unfencing (semantics 6.5)', () => {
  it('unfences a fenced broker that heartbeats with wantFence=false and tells it so', () => {
    const cluster = new Harness();
    cluster.register(1, 0);
    const step = cluster.heartbeat(1, 100);
    expect(onlySent(step, brokerNode(1), 'BrokerHeartbeatResponse')).toEqual({
      type: 'BrokerHeartbeatResponse', error: ErrorCode.NONE, isFenced: false,
    });
    expect(eventsOfType(step.events, 'broker.unfenced')).toHaveLength(1);
    // Every registered broker learns of the change, with the full broker list.
    expect(onlySent(step, brokerNode(1), 'MetadataUpdate').brokers).toEqual([
      { brokerId: 1, node: 'broker-1', fenced: false, brokerEpoch: cluster.epochOf(1) },
    ]);
  });

  it('keeps a broker fenced while it asks to stay fenced (it is still catching up)', () => {
    const cluster = new Harness();
    cluster.register(1, 0);
    const step = cluster.heartbeat(1, 100, true);
    expect(onlySent(step, brokerNode(1), 'BrokerHeartbeatResponse').isFenced).toBe(true);
    expect(step.events).toEqual([]);
  });

  it('answers STALE_BROKER_EPOCH (77) to an unknown broker or a wrong epoch', () => {
    const cluster = new Harness();
    const unknown = cluster.deliver('broker-5', { type: 'BrokerHeartbeatRequest', brokerId: 5, brokerEpoch: 1, metadataOffset: 0, wantFence: false }, 0);
    expect(onlySent(unknown, 'broker-5', 'BrokerHeartbeatResponse').error).toBe(ErrorCode.STALE_BROKER_EPOCH);
    cluster.register(1, 0);
    const wrong = cluster.deliver('broker-1', { type: 'BrokerHeartbeatRequest', brokerId: 1, brokerEpoch: 42, metadataOffset: 0, wantFence: false }, 0);
    expect(onlySent(wrong, 'broker-1', 'BrokerHeartbeatResponse').error).toBe(ErrorCode.STALE_BROKER_EPOCH);
    expect(brokerStatus(cluster.state)[0]?.fenced).toBe(true);
  });

  it('a plain heartbeat from an unfenced broker pushes no metadata', () => {
    const cluster = threeBrokersWithOrders();
    const step = cluster.heartbeat(2, 2000);
    expect(step.messages.map((envelope) => envelope.message.type)).toEqual(['BrokerHeartbeatResponse']);
  });
});

describe('topic creation', () => {
  it('places replicas round-robin and makes each preferred replica the leader, epochs 0 (topic-created)', () => {
    const cluster = new Harness();
    for (const id of [1, 2, 3]) cluster.register(id, 0);
    for (const id of [1, 2, 3]) cluster.heartbeat(id, 0);
    const step = cluster.command({ type: 'create-topic', name: 'orders', numPartitions: 3, replicationFactor: 3 }, 10);

    expect(listPartitions(cluster.state)).toEqual([
      { topic: 'orders', partition: 0, replicas: [1, 2, 3], isr: [1, 2, 3], leader: 1, leaderEpoch: 0, partitionEpoch: 0, leaderRecoveryState: 'RECOVERED' },
      { topic: 'orders', partition: 1, replicas: [2, 3, 1], isr: [2, 3, 1], leader: 2, leaderEpoch: 0, partitionEpoch: 0, leaderRecoveryState: 'RECOVERED' },
      { topic: 'orders', partition: 2, replicas: [3, 1, 2], isr: [3, 1, 2], leader: 3, leaderEpoch: 0, partitionEpoch: 0, leaderRecoveryState: 'RECOVERED' },
    ]);
    expect(eventsOfType(step.events, 'topic.created')).toEqual([
      { type: 'topic.created', at: 10, node: CONTROLLER_NODE, topic: 'orders', numPartitions: 3, replicationFactor: 3 },
    ]);
    expect(eventsOfType(step.events, 'leader.elected').map((event) => [event.partition, event.leader, event.reason])).toEqual([
      [0, 1, 'topic-created'], [1, 2, 'topic-created'], [2, 3, 'topic-created'],
    ]);
    for (const id of [1, 2, 3]) {
      const update = onlySent(step, brokerNode(id), 'MetadataUpdate');
      expect(update.topics).toEqual([
        { name: 'orders', numPartitions: 3, replicationFactor: 3, config: { minInsyncReplicas: 1, uncleanLeaderElectionEnable: false } },
      ]);
      expect(update.partitions).toHaveLength(3);
      expect(update.brokers).toHaveLength(3);
    }
  });

  it('uses the injected random source for the start index', () => {
    const cluster = new Harness({}, { nextInt: (bound) => 2 % bound });
    for (const id of [1, 2, 3]) cluster.register(id, 0);
    for (const id of [1, 2, 3]) cluster.heartbeat(id, 0);
    cluster.command({ type: 'create-topic', name: 't', numPartitions: 1, replicationFactor: 1 }, 0);
    expect(cluster.partition('t', 0).replicas).toEqual([3]);
  });

  it('places replicas on unfenced brokers only', () => {
    const cluster = new Harness();
    for (const id of [1, 2, 3]) cluster.register(id, 0);
    cluster.heartbeat(2, 0);
    const step = cluster.command({ type: 'create-topic', name: 't', numPartitions: 2, replicationFactor: 2 }, 0);
    expect(eventsOfType(step.events, 'input.rejected')[0]?.reason).toMatch(/INVALID_REPLICATION_FACTOR.*only 1 unfenced/);
    cluster.command({ type: 'create-topic', name: 't', numPartitions: 2, replicationFactor: 1 }, 0);
    expect(listPartitions(cluster.state).map((partition) => partition.replicas)).toEqual([[2], [2]]);
  });

  it.each([
    ['a replication factor larger than the brokers', { name: 'big', numPartitions: 1, replicationFactor: 4 }, /INVALID_REPLICATION_FACTOR/],
    ['no partitions', { name: 'none', numPartitions: 0, replicationFactor: 1 }, /INVALID_PARTITIONS/],
    ['an illegal character', { name: 'orders!', numPartitions: 1, replicationFactor: 1 }, /INVALID_TOPIC_EXCEPTION.*letters, digits/],
    ['the name ".."', { name: '..', numPartitions: 1, replicationFactor: 1 }, /INVALID_TOPIC_EXCEPTION/],
    ['an empty name', { name: '', numPartitions: 1, replicationFactor: 1 }, /INVALID_TOPIC_EXCEPTION/],
    ['a 250-character name', { name: 'x'.repeat(250), numPartitions: 1, replicationFactor: 1 }, /INVALID_TOPIC_EXCEPTION.*249/],
    ['an existing name', { name: 'orders', numPartitions: 1, replicationFactor: 1 }, /TOPIC_ALREADY_EXISTS/],
    ['a name colliding on "." vs "_"', { name: 'my.topic', numPartitions: 1, replicationFactor: 1 }, /collides with existing topic "my_topic"/],
    ['min.insync.replicas 0', { name: 'm', numPartitions: 1, replicationFactor: 1, config: { minInsyncReplicas: 0 } }, /min.insync.replicas/],
  ])('rejects %s with input.rejected instead of throwing', (_name, spec, reason) => {
    const cluster = threeBrokersWithOrders();
    cluster.command({ type: 'create-topic', name: 'my_topic', numPartitions: 1, replicationFactor: 1 }, 0);
    const before = cluster.state.topics;
    const step = cluster.command({ type: 'create-topic', ...spec }, 1);
    const rejected = eventsOfType(step.events, 'input.rejected');
    expect(rejected).toHaveLength(1);
    expect(rejected[0]?.reason).toMatch(reason);
    expect(cluster.state.topics).toEqual(before);
    expect(step.messages).toEqual([]);
  });

  it('accepts a 249-character name made of every legal character class', () => {
    const cluster = threeBrokersWithOrders();
    const name = `aZ09._-${'x'.repeat(242)}`;
    expect(name).toHaveLength(249);
    cluster.command({ type: 'create-topic', name, numPartitions: 1, replicationFactor: 1 }, 0);
    expect(listTopics(cluster.state).map((topic) => topic.name)).toContain(name);
  });

  it('answers CreateTopicsRequest with the error code and message, or NONE', () => {
    const cluster = threeBrokersWithOrders();
    const duplicate = cluster.deliver(
      'admin-1',
      { type: 'CreateTopicsRequest', correlationId: 7, name: 'orders', numPartitions: 1, replicationFactor: 1, config: {} },
      0,
    );
    expect(onlySent(duplicate, 'admin-1', 'CreateTopicsResponse')).toMatchObject({
      correlationId: 7, name: 'orders', error: ErrorCode.TOPIC_ALREADY_EXISTS,
    });
    const tooBig = cluster.deliver(
      'admin-1',
      { type: 'CreateTopicsRequest', correlationId: 8, name: 'big', numPartitions: 1, replicationFactor: 5, config: {} },
      0,
    );
    expect(onlySent(tooBig, 'admin-1', 'CreateTopicsResponse')).toMatchObject({ error: ErrorCode.INVALID_REPLICATION_FACTOR });
    const ok = cluster.deliver(
      'admin-1',
      { type: 'CreateTopicsRequest', correlationId: 9, name: 'audit', numPartitions: 2, replicationFactor: 2, config: { uncleanLeaderElectionEnable: true } },
      0,
    );
    expect(onlySent(ok, 'admin-1', 'CreateTopicsResponse')).toEqual({
      type: 'CreateTopicsResponse', correlationId: 9, name: 'audit', error: ErrorCode.NONE, errorMessage: undefined,
    });
    expect(listTopics(cluster.state).find((topic) => topic.name === 'audit')?.config).toEqual({
      minInsyncReplicas: 1, uncleanLeaderElectionEnable: true,
    });
  });
});

describe('session expiry (semantics 6.5, 6.6, 10 item 10)', () => {
  it(`fences a silent broker after ${SESSION_TIMEOUT_MS} ms, not before, and moves its leadership to the next ISR replica`, () => {
    const cluster = threeBrokersWithOrders();
    keepAlive(cluster, [2, 3], 2000, 8000);
    // Broker 1 last heartbeat at 0: the first check after 0 + 9000 on the 500 ms grid.
    expect(cluster.last.wakeAt).toBe(SESSION_TIMEOUT_MS + CHECK_INTERVAL_MS);

    expect(cluster.wake(8999).events).toEqual([]);
    expect(cluster.wake(SESSION_TIMEOUT_MS).events).toEqual([]); // still valid: lastContact + timeout >= now
    const step = cluster.wake(SESSION_TIMEOUT_MS + CHECK_INTERVAL_MS);

    expect(eventsOfType(step.events, 'broker.fenced')).toEqual([
      { type: 'broker.fenced', at: 9500, node: CONTROLLER_NODE, broker: 1, reason: 'session-timeout' },
    ]);
    expect(eventsOfType(step.events, 'leader.elected')).toEqual([
      { type: 'leader.elected', at: 9500, node: CONTROLLER_NODE, topic: 'orders', partition: 0, leader: 2, previousLeader: 1, leaderEpoch: 1, isr: [2, 3], reason: 'leader-fenced' },
    ]);
    expect(eventsOfType(step.events, 'isr.shrunk').map((event) => [event.partition, event.removed, event.isr, event.partitionEpoch])).toEqual([
      [0, [1], [2, 3], 1], [1, [1], [2, 3], 1], [2, [1], [3, 2], 1],
    ]);
    // Partitions 1 and 2 keep their leaders and their leader epochs (KAFKA-15021).
    expect(cluster.partition('orders', 1)).toMatchObject({ leader: 2, leaderEpoch: 0 });
    expect(cluster.partition('orders', 2)).toMatchObject({ leader: 3, leaderEpoch: 0 });
    // Every registered broker, the fenced one too, gets the change.
    for (const id of [1, 2, 3]) {
      const update = onlySent(step, brokerNode(id), 'MetadataUpdate');
      expect(update.partitions).toHaveLength(3);
      expect(update.brokers.find((broker) => broker.brokerId === 1)?.fenced).toBe(true);
    }
  });

  it('a heartbeat just in time keeps the session alive', () => {
    const cluster = threeBrokersWithOrders();
    keepAlive(cluster, [1, 2, 3], 2000, 8000);
    expect(cluster.wake(9500).events).toEqual([]);
    expect(cluster.last.wakeAt).toBe(8000 + SESSION_TIMEOUT_MS + CHECK_INTERVAL_MS);
  });

  it('with fenceCheckIntervalMs = 1 fences exactly 1 ms after the session deadline, as Kafka does', () => {
    const cluster = threeBrokersWithOrders({ config: { ...defaultControllerConfig, brokerSessionTimeoutMs: 9000, fenceCheckIntervalMs: 1 } });
    keepAlive(cluster, [2, 3], 2000, 8000);
    expect(cluster.last.wakeAt).toBe(9001);
    expect(cluster.wake(9000).events).toEqual([]);
    expect(eventsOfType(cluster.wake(9001).events, 'broker.fenced')).toHaveLength(1);
  });

  it('catches up on an expired session before handling a message that arrives after the check time', () => {
    const cluster = threeBrokersWithOrders();
    keepAlive(cluster, [2, 3], 2000, 8000);
    // No wake was delivered at 9500; broker 2's heartbeat at 9600 comes first.
    const step = cluster.heartbeat(2, 9600);
    expect(step.events.map((event) => event.type)[0]).toBe('broker.fenced');
    expect(cluster.partition('orders', 0).leader).toBe(2);
    expect(step.wakeAt).toBeGreaterThan(9600);
  });

  it('waits for nothing when no broker is unfenced', () => {
    const cluster = new Harness();
    expect(cluster.step({ kind: 'start' }, 0).wakeAt).toBeUndefined();
    expect(cluster.register(1, 0).wakeAt).toBeUndefined();
    expect(cluster.heartbeat(1, 0).wakeAt).toBe(9500);
  });

  it('#4 -> #5: the last ISR member is fenced (offline, ISR kept), then its return re-elects it', () => {
    const cluster = new Harness();
    for (const id of [1, 2, 3]) cluster.register(id, 0);
    for (const id of [1, 2, 3]) cluster.heartbeat(id, 0);
    cluster.command({ type: 'create-topic', name: 't', numPartitions: 1, replicationFactor: 3 }, 0);
    keepAlive(cluster, [1], 2000, 8000);
    cluster.wake(9500); // 2 and 3 fenced: ISR [1], leader 1 stays
    expect(cluster.partition('t', 0)).toMatchObject({ leader: 1, leaderEpoch: 0, isr: [1] });

    const offline = cluster.wake(17_500); // 1's last heartbeat at 8000
    expect(eventsOfType(offline.events, 'partition.offline')).toEqual([
      { type: 'partition.offline', at: 17_500, node: CONTROLLER_NODE, topic: 't', partition: 0, previousLeader: 1, leaderEpoch: 1, isr: [1] },
    ]);
    expect(cluster.partition('t', 0)).toMatchObject({ leader: NO_LEADER, leaderEpoch: 1, isr: [1] });

    // Broker 2 returns first: it is not in the ISR, so (unclean off) the partition stays offline.
    expect(eventsOfType(cluster.heartbeat(2, 18_000).events, 'leader.elected')).toEqual([]);
    const back = cluster.heartbeat(1, 18_500);
    expect(eventsOfType(back.events, 'leader.elected')).toEqual([
      { type: 'leader.elected', at: 18_500, node: CONTROLLER_NODE, topic: 't', partition: 0, leader: 1, previousLeader: NO_LEADER, leaderEpoch: 2, isr: [1], reason: 'broker-unfenced' },
    ]);
  });

  it('#6: with unclean.leader.election.enable the first active replica leads, ISR [leader], RECOVERING', () => {
    const cluster = threeBrokersWithOrders();
    cluster.command({ type: 'create-topic', name: 'risky', numPartitions: 1, replicationFactor: 3, config: { uncleanLeaderElectionEnable: true } }, 0);
    expect(cluster.partition('risky', 0)).toMatchObject({ replicas: [1, 2, 3], leader: 1 });
    cluster.alterPartition('risky', 0, [1], 100); // followers fell behind
    keepAlive(cluster, [2, 3], 2000, 8000);
    const step = cluster.wake(9500);
    expect(eventsOfType(step.events, 'leader.elected').find((event) => event.topic === 'risky')).toMatchObject({
      leader: 2, previousLeader: 1, leaderEpoch: 1, isr: [2], reason: 'unclean',
    });
    expect(cluster.partition('risky', 0)).toMatchObject({ leader: 2, isr: [2], leaderRecoveryState: 'RECOVERING' });
    // The new leader's first AlterPartition marks it recovered (KRaft's LeaderRecoveryState).
    cluster.alterPartition('risky', 0, [2], 9600);
    expect(cluster.partition('risky', 0).leaderRecoveryState).toBe('RECOVERED');
  });

  it('uses the injected election function (a lab plugs in the learner\'s)', () => {
    const calls: number[] = [];
    const spy: ElectLeader = (input) => {
      calls.push(input.currentLeader);
      return electLeader(input);
    };
    const cluster = threeBrokersWithOrders({ electLeader: spy });
    keepAlive(cluster, [2, 3], 2000, 8000);
    cluster.wake(9500);
    expect(calls).toEqual([1, 2, 3]);
  });
});

describe('AlterPartition validation (semantics 5.1, 5.5, 9)', () => {
  function rejected(step: Step<ControllerState>, to: NodeId = 'broker-1') {
    const response = onlySent(step, to, 'AlterPartitionResponse');
    expect(eventsOfType(step.events, 'input.rejected')).toHaveLength(1);
    return response;
  }

  it('applies a shrink from the leader: ISR, partitionEpoch + 1, isr.shrunk, pushed to every broker', () => {
    const cluster = threeBrokersWithOrders();
    const step = cluster.alterPartition('orders', 0, [1, 2], 100);
    const response = onlySent(step, 'broker-1', 'AlterPartitionResponse');
    expect(response).toMatchObject({ error: ErrorCode.NONE, partitionState: { isr: [1, 2], leaderEpoch: 0, partitionEpoch: 1 } });
    expect(eventsOfType(step.events, 'isr.shrunk')).toEqual([
      { type: 'isr.shrunk', at: 100, node: CONTROLLER_NODE, topic: 'orders', partition: 0, removed: [3], isr: [1, 2], partitionEpoch: 1 },
    ]);
    for (const id of [1, 2, 3]) expect(onlySent(step, brokerNode(id), 'MetadataUpdate').partitions).toEqual([response.partitionState]);
  });

  it('applies an expansion and emits isr.expanded', () => {
    const cluster = threeBrokersWithOrders();
    cluster.alterPartition('orders', 0, [1], 100);
    const step = cluster.alterPartition('orders', 0, [1, 3], 200);
    expect(eventsOfType(step.events, 'isr.expanded')[0]).toMatchObject({ added: [3], isr: [1, 3], partitionEpoch: 2 });
  });

  it('STALE_BROKER_EPOCH (77) when the requester quotes an old broker epoch', () => {
    const cluster = threeBrokersWithOrders();
    const step = cluster.alterPartition('orders', 0, [1, 2], 100, { brokerEpoch: 999 });
    expect(rejected(step)).toMatchObject({ error: ErrorCode.STALE_BROKER_EPOCH, partitionState: cluster.partition('orders', 0) });
    expect(cluster.partition('orders', 0).isr).toEqual([1, 2, 3]);
  });

  it('UNKNOWN_TOPIC_OR_PARTITION (3) for a partition that does not exist', () => {
    const cluster = threeBrokersWithOrders();
    const step = cluster.alterPartition('orders', 9, [1], 100, { brokerId: 1 });
    expect(rejected(step)).toMatchObject({ error: ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, partitionState: undefined });
  });

  it('FENCED_LEADER_EPOCH (74) from a deposed leader quoting its old leader epoch', () => {
    const cluster = threeBrokersWithOrders();
    cluster.command({ type: 'elect-preferred-leaders' }, 0); // no-op: leaders are preferred already
    cluster.register(1, 100, 555); // broker 1 restarts: partition 0 moves to broker 2, epoch 1
    cluster.heartbeat(1, 100);
    const step = cluster.alterPartition('orders', 0, [1, 2, 3], 200, { brokerId: 1, leaderEpoch: 0 });
    expect(rejected(step)).toMatchObject({ error: ErrorCode.FENCED_LEADER_EPOCH, partitionState: { leader: 2, leaderEpoch: 1 } });
  });

  it('INVALID_REQUEST (42) when a follower asks with the current epochs', () => {
    const cluster = threeBrokersWithOrders();
    const step = cluster.alterPartition('orders', 0, [1, 2], 100, { brokerId: 2 });
    expect(rejected(step, 'broker-2').error).toBe(ErrorCode.INVALID_REQUEST);
  });

  it('INVALID_UPDATE_VERSION (95) when the proposal is based on an old partition epoch', () => {
    const cluster = threeBrokersWithOrders();
    cluster.alterPartition('orders', 0, [1, 2], 100); // partition epoch now 1
    const step = cluster.alterPartition('orders', 0, [1], 200, { partitionEpoch: 0 });
    expect(rejected(step).error).toBe(ErrorCode.INVALID_UPDATE_VERSION);
  });

  it('NOT_CONTROLLER (41) when the request carries epochs newer than the controller knows', () => {
    const cluster = threeBrokersWithOrders();
    expect(rejected(cluster.alterPartition('orders', 0, [1], 100, { leaderEpoch: 5 })).error).toBe(ErrorCode.NOT_CONTROLLER);
  });

  it.each([
    ['leaves out the leader', [2, 3]],
    ['names a broker that is not a replica', [1, 4]],
    ['lists a broker twice', [1, 2, 2]],
    ['is empty', []],
  ])('INVALID_REQUEST (42) when the new ISR %s', (_case, newIsr) => {
    const cluster = threeBrokersWithOrders();
    expect(rejected(cluster.alterPartition('orders', 0, newIsr, 100)).error).toBe(ErrorCode.INVALID_REQUEST);
  });

  it('INELIGIBLE_REPLICA (107) when the new ISR adds a fenced broker', () => {
    const cluster = threeBrokersWithOrders();
    keepAlive(cluster, [2, 3], 2000, 8000);
    cluster.wake(9500); // broker 1 fenced: partition 1 has ISR [2, 3], leader 2
    const step = cluster.alterPartition('orders', 1, [2, 3, 1], 9600);
    expect(rejected(step, 'broker-2')).toMatchObject({ error: ErrorCode.INELIGIBLE_REPLICA, partitionState: { isr: [2, 3] } });
    // Once broker 1 is back and unfenced, the same request succeeds.
    cluster.heartbeat(1, 9700);
    const accepted = cluster.alterPartition('orders', 1, [2, 3, 1], 9800);
    expect(onlySent(accepted, 'broker-2', 'AlterPartitionResponse').error).toBe(ErrorCode.NONE);
  });
});

describe('preferred leader election (semantics 5.10)', () => {
  it('moves leadership back to replicas[0] once it is in the ISR again', () => {
    const cluster = threeBrokersWithOrders();
    keepAlive(cluster, [2, 3], 2000, 8000);
    cluster.wake(9500);
    cluster.heartbeat(1, 9600); // unfenced, but not in the ISR yet
    expect(eventsOfType(cluster.command({ type: 'elect-preferred-leaders', topic: 'orders' }, 9700).events, 'leader.elected')).toEqual([]);

    cluster.alterPartition('orders', 0, [2, 3, 1], 9800); // broker 1 caught up
    const step = cluster.command({ type: 'elect-preferred-leaders' }, 9900);
    expect(eventsOfType(step.events, 'leader.elected')).toEqual([
      { type: 'leader.elected', at: 9900, node: CONTROLLER_NODE, topic: 'orders', partition: 0, leader: 1, previousLeader: 2, leaderEpoch: 2, isr: [2, 3, 1], reason: 'preferred' },
    ]);
  });

  it('rejects an unknown topic with input.rejected', () => {
    const cluster = threeBrokersWithOrders();
    const step = cluster.command({ type: 'elect-preferred-leaders', topic: 'nope' }, 0);
    expect(eventsOfType(step.events, 'input.rejected')[0]?.reason).toMatch(/no topic "nope"/);
  });
});

describe('crash and restart', () => {
  it('keeps registrations, topics, partitions and the broker epoch counter; sessions restart at the first step', () => {
    const cluster = threeBrokersWithOrders();
    const persisted = cluster.machine.persisted(cluster.state);
    expect(JSON.parse(JSON.stringify(persisted))).toEqual(persisted); // plain data, storable anywhere

    const restarted = new Harness();
    restarted.state = cluster.machine.restart(persisted);
    expect(listPartitions(restarted.state)).toEqual(listPartitions(cluster.state));
    expect(brokerStatus(restarted.state).map((broker) => broker.lastHeartbeatAtMs)).toEqual([undefined, undefined, undefined]);

    // The controller comes back at t=60000: nobody is fenced for the missed heartbeats...
    const start = restarted.step({ kind: 'start' }, 60_000);
    expect(start.events).toEqual([]);
    expect(start.wakeAt).toBe(60_000 + SESSION_TIMEOUT_MS + CHECK_INTERVAL_MS);
    // ...every broker gets the full picture again...
    for (const id of [1, 2, 3]) expect(onlySent(start, brokerNode(id), 'MetadataUpdate').partitions).toHaveLength(3);
    // ...and a re-registration still gets a larger epoch than any before the crash.
    const oldMax = Math.max(...brokerStatus(cluster.state).map((broker) => broker.brokerEpoch));
    restarted.register(4, 60_100);
    expect(restarted.epochOf(4)).toBeGreaterThan(oldMax);
    // Silent brokers are fenced one session after the restart.
    expect(eventsOfType(restarted.wake(69_500).events, 'broker.fenced')).toHaveLength(3);
  });
});

describe('inputs the controller refuses', () => {
  it('reports an unknown command and an unexpected message as input.rejected', () => {
    const cluster = new Harness();
    const command = cluster.command({ type: 'delete-topic' } as unknown as ControllerCommand, 0);
    expect(eventsOfType(command.events, 'input.rejected')[0]?.reason).toMatch(/Unknown controller command "delete-topic"/);
    const message = cluster.deliver('producer-1', { type: 'MetadataRequest', correlationId: 1, topics: null }, 0);
    expect(eventsOfType(message.events, 'input.rejected')[0]?.reason).toMatch(/does not handle MetadataRequest/);
  });
});
