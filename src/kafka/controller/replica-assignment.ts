/**
 * Where a new topic's replicas go: which brokers hold each partition, and in what order (the first
 * one is the preferred leader).
 *
 * The shape is the classic rack-unaware assignment (AdminUtils.assignReplicasToBrokersRackUnaware,
 * the placer of the ZooKeeper era):
 * - a random start index picks the broker that leads partition 0, and leaders then go round-robin
 *   through the sorted broker list, so leadership is spread evenly;
 * - a random "replica shift" places the followers: follower j of a partition sits
 *   1 + (shift + j) mod (n - 1) brokers after its leader, so no broker appears twice in a partition;
 * - the shift grows by one each time the leaders have gone once around all n brokers, so partition
 *   p and partition p + n do not get the same follower set.
 * Kafka's own comment illustrates it with 5 brokers, 10 partitions, RF 3, start 0, shift 0 (the test
 * file checks that exact layout).
 *
 * KRaft (4.x) places replicas with StripedReplicaPlacer (metadata/.../placement/): it stripes across
 * racks, keeps fenced brokers as a last resort for followers and, with no racks, walks the sorted
 * unfenced brokers from a random offset that advances one per partition, reshuffling after every n
 * partitions. Both spread leaders round-robin and never repeat a broker in a partition.
 * Simplifications here: no racks (so no rack striping), only unfenced brokers are used, and no
 * weighting by the partitions brokers already carry (Kafka's placers do not weigh load either).
 */
import { ErrorCode } from '../errors.js';
import type { BrokerId } from '../ids.js';
import type { RandomSource } from '../step.js';

export interface ReplicaAssignmentRequest {
  /** Registered, unfenced brokers. Sorted here again, as Kafka sorts them. */
  readonly brokers: readonly BrokerId[];
  readonly numPartitions: number;
  readonly replicationFactor: number;
}

export type ReplicaAssignment =
  /** `replicas[p]` lists partition p's replicas; replicas[p][0] is its preferred leader. */
  | { readonly ok: true; readonly replicas: ReadonlyArray<readonly BrokerId[]> }
  | { readonly ok: false; readonly error: ErrorCode; readonly message: string };

export function assignReplicas(request: ReplicaAssignmentRequest, random: RandomSource): ReplicaAssignment {
  const problem = validateAssignmentRequest(request);
  if (problem !== undefined) return problem;

  const brokers = [...new Set(request.brokers)].sort((left, right) => left - right);
  const brokerCount = brokers.length;
  const startIndex = random.nextInt(brokerCount);
  let replicaShift = random.nextInt(brokerCount);

  const replicas: BrokerId[][] = [];
  for (let partition = 0; partition < request.numPartitions; partition++) {
    // Once the leaders have gone around every broker, shift the followers for the next round.
    if (partition > 0 && partition % brokerCount === 0) replicaShift++;
    const leaderIndex = (partition + startIndex) % brokerCount;
    const partitionReplicas = [brokerAt(brokers, leaderIndex)];
    for (let follower = 0; follower < request.replicationFactor - 1; follower++) {
      partitionReplicas.push(brokerAt(brokers, followerIndex(leaderIndex, replicaShift, follower, brokerCount)));
    }
    replicas.push(partitionReplicas);
  }
  return { ok: true, replicas };
}

/** 1 + (shift + follower) mod (n - 1) is in [1, n - 1]: never the leader, distinct per follower. */
function followerIndex(leaderIndex: number, replicaShift: number, follower: number, brokerCount: number): number {
  const distance = 1 + ((replicaShift + follower) % (brokerCount - 1));
  return (leaderIndex + distance) % brokerCount;
}

function brokerAt(brokers: readonly BrokerId[], index: number): BrokerId {
  const broker = brokers[index];
  if (broker === undefined) throw new Error(`replica assignment: index ${index} outside ${brokers.length} brokers`);
  return broker;
}

/** The checks and messages of Kafka's CreateTopics path (ReplicationControlManager, the placers). */
function validateAssignmentRequest(request: ReplicaAssignmentRequest): ReplicaAssignment | undefined {
  const { numPartitions, replicationFactor } = request;
  if (!Number.isInteger(numPartitions) || numPartitions < 1) {
    return {
      ok: false,
      error: ErrorCode.INVALID_PARTITIONS,
      message: `Number of partitions was set to ${numPartitions}; it must be a whole number of at least 1.`,
    };
  }
  if (!Number.isInteger(replicationFactor) || replicationFactor < 1) {
    return {
      ok: false,
      error: ErrorCode.INVALID_REPLICATION_FACTOR,
      message: `Replication factor was set to ${replicationFactor}; it must be a whole number of at least 1.`,
    };
  }
  const brokerCount = new Set(request.brokers).size;
  if (brokerCount === 0) {
    return {
      ok: false,
      error: ErrorCode.INVALID_REPLICATION_FACTOR,
      message: 'No unfenced broker is available: every broker is fenced or none has registered yet.',
    };
  }
  if (replicationFactor > brokerCount) {
    return {
      ok: false,
      error: ErrorCode.INVALID_REPLICATION_FACTOR,
      message:
        `The replication factor ${replicationFactor} cannot be reached because only ${brokerCount} ` +
        `unfenced broker(s) are available (one replica per broker).`,
    };
  }
  return undefined;
}
