/**
 * Names for the things a cluster is made of. Broker ids are integers, as in Kafka; every node in a
 * runtime (broker, controller, client) also has a network address, its NodeId.
 */

export type BrokerId = number;

/** Kafka writes "no leader" as -1 in metadata and in PartitionChangeRecord. */
export const NO_LEADER = -1;

/** A network address inside a runtime: "broker-1", "controller", "producer-1", ... */
export type NodeId = string;

export const CONTROLLER_NODE: NodeId = 'controller';

export function brokerNode(brokerId: BrokerId): NodeId {
  return `broker-${brokerId}`;
}

/** The broker id behind a node address, or undefined when the node is not a broker. */
export function brokerIdOf(node: NodeId): BrokerId | undefined {
  if (!node.startsWith('broker-')) return undefined;
  const id = Number(node.slice('broker-'.length));
  return Number.isInteger(id) ? id : undefined;
}

export interface TopicPartition {
  readonly topic: string;
  readonly partition: number;
}

/** "orders-2": the spelling Kafka uses in logs and directory names. */
export function topicPartitionKey(tp: TopicPartition): string {
  return `${tp.topic}-${tp.partition}`;
}
