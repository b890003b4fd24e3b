/**
 * The controller under random broker behaviour: heartbeats that stop and resume, restarts with a
 * new incarnation, leaders shrinking and expanding ISRs, preferred elections, time passing.
 * After every step the partition invariants of kafka-semantics 11 (items 7, 8, 15) must hold.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  brokerStatus,
  createController,
  listPartitions,
  type ControllerCommand,
  type ControllerState,
} from '../../../src/kafka/controller/controller.js';
import { CONTROLLER_NODE, NO_LEADER, brokerNode, type BrokerId } from '../../../src/kafka/ids.js';
import type { Message, PartitionState } from '../../../src/kafka/protocol/messages.js';
import type { NodeInput, RandomSource } from '../../../src/kafka/step.js';

const BROKERS: BrokerId[] = [1, 2, 3, 4];

type Action =
  | { kind: 'heartbeat'; broker: number; wantFence: boolean }
  | { kind: 'restart'; broker: number }
  | { kind: 'alter'; partition: number; members: boolean[] }
  | { kind: 'preferred' }
  | { kind: 'advance'; ms: number };

const action: fc.Arbitrary<Action> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('heartbeat' as const), broker: fc.nat(3), wantFence: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('restart' as const), broker: fc.nat(3) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('alter' as const), partition: fc.nat(5), members: fc.array(fc.boolean(), { minLength: 4, maxLength: 4 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('preferred' as const) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('advance' as const), ms: fc.integer({ min: 1, max: 6000 }) }) },
);

function seededRandom(seed: number): RandomSource {
  let value = seed;
  return { nextInt: (bound) => (value = (value * 1103515245 + 12345) % 2147483648) % bound };
}

describe('controller invariants under random broker behaviour (semantics 11: 7, 8, 15)', () => {
  it('leader in ISR and unfenced, ISR never empty, epochs only grow and move together', () => {
    fc.assert(
      fc.property(fc.nat(), fc.boolean(), fc.array(action, { maxLength: 60 }), (seed, unclean, actions) => {
        const { machine, initialState } = createController();
        const random = seededRandom(seed);
        let state: ControllerState = initialState;
        let now = 0;
        const incarnations = new Map<BrokerId, number>();
        const step = (input: NodeInput<ControllerCommand>): void => {
          state = machine.step(state, input, { now, random }).state;
        };
        const deliver = (broker: BrokerId, message: Message): void =>
          step({ kind: 'deliver', envelope: { from: brokerNode(broker), to: CONTROLLER_NODE, message } });
        const epochOf = (broker: BrokerId): number => brokerStatus(state).find((status) => status.brokerId === broker)?.brokerEpoch ?? -1;

        for (const broker of BROKERS) {
          incarnations.set(broker, broker);
          deliver(broker, { type: 'BrokerRegistrationRequest', brokerId: broker, incarnationId: broker });
          deliver(broker, { type: 'BrokerHeartbeatRequest', brokerId: broker, brokerEpoch: epochOf(broker), metadataOffset: 0, wantFence: false });
        }
        step({ kind: 'command', command: { type: 'create-topic', name: 'a', numPartitions: 3, replicationFactor: 3, config: { uncleanLeaderElectionEnable: unclean } } });
        step({ kind: 'command', command: { type: 'create-topic', name: 'b', numPartitions: 3, replicationFactor: 2 } });

        let previous = new Map(listPartitions(state).map((partition) => [key(partition), partition]));
        let previousEpochs = new Map(brokerStatus(state).map((status) => [status.brokerId, status.brokerEpoch]));
        for (const next of actions) {
          const partitions = listPartitions(state);
          switch (next.kind) {
            case 'heartbeat': {
              const broker = BROKERS[next.broker] as BrokerId;
              deliver(broker, { type: 'BrokerHeartbeatRequest', brokerId: broker, brokerEpoch: epochOf(broker), metadataOffset: 0, wantFence: next.wantFence });
              break;
            }
            case 'restart': {
              const broker = BROKERS[next.broker] as BrokerId;
              const incarnationId = (incarnations.get(broker) ?? 0) + 100;
              incarnations.set(broker, incarnationId);
              deliver(broker, { type: 'BrokerRegistrationRequest', brokerId: broker, incarnationId });
              break;
            }
            case 'alter': {
              const partition = partitions[next.partition] as PartitionState;
              if (partition.leader === NO_LEADER) break;
              // Any proposal a leader might send, valid or not: the controller must keep invariants.
              const newIsr = partition.replicas.filter((broker, index) => broker === partition.leader || next.members[index]);
              deliver(partition.leader, {
                type: 'AlterPartitionRequest', brokerId: partition.leader, brokerEpoch: epochOf(partition.leader),
                topic: partition.topic, partition: partition.partition,
                leaderEpoch: partition.leaderEpoch, partitionEpoch: partition.partitionEpoch, newIsr,
              });
              break;
            }
            case 'preferred':
              step({ kind: 'command', command: { type: 'elect-preferred-leaders' } });
              break;
            case 'advance':
              now += next.ms;
              step({ kind: 'wake' });
              break;
          }

          const fenced = new Set(brokerStatus(state).filter((status) => status.fenced).map((status) => status.brokerId));
          for (const partition of listPartitions(state)) {
            const before = previous.get(key(partition)) as PartitionState;
            // Invariant 7.
            expect(partition.isr.length).toBeGreaterThan(0);
            expect(partition.isr.every((broker) => partition.replicas.includes(broker))).toBe(true);
            if (partition.leader !== NO_LEADER) {
              expect(partition.isr).toContain(partition.leader);
              expect(fenced.has(partition.leader)).toBe(false);
            }
            // Invariant 8: epochs never go back; leader epoch moves exactly when the leader does.
            expect(partition.partitionEpoch).toBeGreaterThanOrEqual(before.partitionEpoch);
            if (partition.leader !== before.leader) expect(partition.leaderEpoch).toBeGreaterThan(before.leaderEpoch);
            else expect(partition.leaderEpoch).toBe(before.leaderEpoch);
            if (partition !== before && JSON.stringify(partition) !== JSON.stringify(before)) {
              expect(partition.partitionEpoch).toBeGreaterThan(before.partitionEpoch);
            }
            // Invariant 8: a fenced broker stays in an ISR only as the last member of an offline partition.
            if (partition.isr.some((broker) => fenced.has(broker))) {
              expect(partition.leader).toBe(NO_LEADER);
              expect(partition.isr).toHaveLength(1);
            }
          }
          // Invariant 15: broker epochs never decrease, and grow on every re-registration.
          for (const status of brokerStatus(state)) {
            expect(status.brokerEpoch).toBeGreaterThanOrEqual(previousEpochs.get(status.brokerId) ?? 0);
          }
          previous = new Map(listPartitions(state).map((partition) => [key(partition), partition]));
          previousEpochs = new Map(brokerStatus(state).map((status) => [status.brokerId, status.brokerEpoch]));
        }
      }),
      { numRuns: 300 },
    );
  });
});

function key(partition: PartitionState): string {
  return `${partition.topic}-${partition.partition}`;
}
