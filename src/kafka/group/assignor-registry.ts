/**
 * The client-side assignors by the names Kafka gives them (`ConsumerPartitionAssignor.name()`):
 * `range`, `roundrobin`, `cooperative-sticky`. A group leader looks its assignor up here by the
 * protocol name the coordinator selected; the CLI looks up `--assignor` the same way.
 *
 * Source: clients/src/main/java/org/apache/kafka/clients/consumer/{RangeAssignor,RoundRobinAssignor,
 * CooperativeStickyAssignor}.java (`name()`); kafka-semantics.md 8.3 (`partition.assignment.strategy`
 * default `[RangeAssignor, CooperativeStickyAssignor]`) and 8.5.
 *
 * An unknown name: the Java consumer refuses an unknown `partition.assignment.strategy` class when it
 * is built (a ConfigException); under the consumer protocol (KIP-848) the coordinator answers an
 * unknown `group.remote.assignor` with UNSUPPORTED_ASSIGNOR (112). Here: KafkaInputError naming both.
 */
import { KafkaInputError } from '../errors.js';
import type { Assignor } from './assignor.js';
import { cooperativeStickyAssignor } from './cooperative-sticky-assignor.js';
import { rangeAssignor } from './range-assignor.js';
import { roundRobinAssignor } from './round-robin-assignor.js';

export const ASSIGNOR_NAMES = ['range', 'roundrobin', 'cooperative-sticky'] as const;
export type AssignorName = (typeof ASSIGNOR_NAMES)[number];

const referenceAssignors: Readonly<Record<AssignorName, Assignor>> = {
  range: rangeAssignor,
  roundrobin: roundRobinAssignor,
  'cooperative-sticky': cooperativeStickyAssignor,
};

export function isAssignorName(name: string): name is AssignorName {
  return (ASSIGNOR_NAMES as readonly string[]).includes(name);
}

/** Whether the assignor revokes only what moves (KIP-429 COOPERATIVE) or everything (EAGER). */
export function rebalanceProtocolOf(name: AssignorName): 'EAGER' | 'COOPERATIVE' {
  return name === 'cooperative-sticky' ? 'COOPERATIVE' : 'EAGER';
}

/** The reference assignor called `name`; throws KafkaInputError for any other name. */
export function assignorByName(name: string): Assignor {
  if (!isAssignorName(name)) {
    throw new KafkaInputError(
      `unknown assignor ${JSON.stringify(name)}: choose one of ${ASSIGNOR_NAMES.join(', ')} ` +
        '(the Java consumer refuses an unknown partition.assignment.strategy with a ConfigException; ' +
        'under the consumer protocol the coordinator answers UNSUPPORTED_ASSIGNOR, error 112)',
    );
  }
  return referenceAssignors[name];
}
