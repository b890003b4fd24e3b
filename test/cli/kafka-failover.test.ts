/** `npm run kafka -- failover`: the kill-the-controller run in both modes, and its usage errors (semantics 6.8, 7.1). */
import { describe, expect, it } from 'vitest';
import { runKafkaCli } from '../../src/cli/kafka.js';
import { bufferedIo } from '../../src/cli/kafka/cli-io.js';

describe('kafka failover', () => {
  it('prints both runs step by step and the measured times', async () => {
    const io = bufferedIo();
    expect(await runKafkaCli(['failover', '--seed', '7'], io)).toBe(0);
    expect(io.out).toContain('KRaft (3 combined broker+controller nodes), seed 7');
    expect(io.out).toContain('quorum.elected');
    expect(io.out).toContain('controller.activated');
    expect(io.out).toContain('ZooKeeper mode (removed in Kafka 4.0');
    expect(io.out).toContain('zk.session-expired');
    expect(io.out).toMatch(/KRaft {6}new active controller after \d+ ms/);
    expect(io.out).toMatch(/ZooKeeper {2}new active controller after \d+ ms/);
  });

  it('the same seed prints the same text', async () => {
    const first = bufferedIo();
    const second = bufferedIo();
    await runKafkaCli(['failover', '--seed', '3', '--mode', 'kraft'], first);
    await runKafkaCli(['failover', '--seed', '3', '--mode', 'kraft'], second);
    expect(second.out).toBe(first.out);
    expect(first.out).not.toContain('ZooKeeper mode');
  });

  it('refuses an unknown mode with a sentence, exit code 2', async () => {
    const io = bufferedIo();
    expect(await runKafkaCli(['failover', '--mode', 'paxos'], io)).toBe(2);
    expect(io.err).toContain('The mode is kraft, zookeeper or both.');
  });
});
