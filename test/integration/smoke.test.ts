import { describe, expect, it } from 'vitest';
import { KafkaCluster } from '../../src/sim/cluster/kafka-cluster.js';
import type { NodeMachine } from '../../src/kafka/step.js';
import type { Message } from '../../src/kafka/protocol/messages.js';
import { entries } from '../../src/kafka/log/partition-log.js';

// A raw client that sends one ProduceRequest per command and remembers the responses.
type RawState = { sent: number; responses: Message[] };
const raw: NodeMachine<RawState, { to: string; message: Message }> = {
  step(state, input, ctx) {
    if (input.kind === 'command') {
      return { state: { ...state, sent: state.sent + 1 }, messages: [{ from: 'raw', to: input.command.to, message: input.command.message }], events: [], wakeAt: undefined };
    }
    if (input.kind === 'deliver') return { state: { ...state, responses: [...state.responses, input.envelope.message] }, messages: [], events: [], wakeAt: undefined };
    void ctx;
    return { state, messages: [], events: [], wakeAt: undefined };
  },
  persisted: (s: RawState) => s,
  restart: (s) => s as RawState,
};

describe('smoke', () => {
  it('replicates an acks=all write to every replica', () => {
    const cluster = new KafkaCluster({ seed: 1, brokers: 3 });
    cluster.start();
    cluster.createTopic('orders', 1, 3, { minInsyncReplicas: 2 });
    cluster.runFor(1000);
    const p = cluster.partition('orders', 0)!;
    expect(p.isr).toHaveLength(3);
    cluster.sim.addNode('raw', raw, { sent: 0, responses: [] });
    cluster.sim.command('raw', { to: `broker-${p.leader}`, message: { type: 'ProduceRequest', correlationId: 1, topic: 'orders', partition: 0, acks: -1, timeoutMs: 30000, records: [{ key: 'k', value: 'v1', timestamp: 0 }, { key: 'k', value: 'v2', timestamp: 0 }] } });
    cluster.runFor(2000);
    const state = cluster.sim.stateOf<RawState>('raw')!;
    expect(state.responses).toMatchObject([{ type: 'ProduceResponse', error: 0, baseOffset: 0 }]);
    for (const { log } of cluster.replicaLogs('orders', 0)) {
      expect(entries(log).map((e) => e.record.value)).toEqual(['v1', 'v2']);
      expect(log.highWatermark).toBe(2);
    }
  });
});
