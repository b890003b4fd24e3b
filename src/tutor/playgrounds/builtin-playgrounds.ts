/** The playgrounds built on this tree's simulator. */
import { GroupsPlayground } from './groups/groups-playground.js';
import { KraftPlayground } from './kraft/kraft-playground.js';
import { MessageFlowPlayground } from './message-flow/message-flow-playground.js';
import { PartitioningPlayground } from './partitioning/partitioning-playground.js';
import type { PlaygroundCatalog } from './playground-catalog.js';
import { ReplicationPlayground } from './replication/replication-playground.js';

export const builtinPlaygrounds: PlaygroundCatalog = {
  partitioning: {
    id: 'partitioning',
    title: 'Partitioning',
    summary: 'murmur2 → toPositive → modulo for a key you type; keyless records sticking to a partition',
    objective: 2,
    Component: PartitioningPlayground,
  },
  replication: {
    id: 'replication',
    title: 'Replication, ISR, acks',
    summary: 'a 3-broker partition: LEOs, HW and ISR; slow or crash brokers, produce with acks 0/1/all',
    objective: 4,
    Component: ReplicationPlayground,
  },
  kraft: {
    id: 'kraft',
    title: 'KRaft failover',
    summary: 'the controller quorum: kill the active controller and watch the election; ZooKeeper mode beside it',
    objective: 3,
    Component: KraftPlayground,
  },
  groups: {
    id: 'groups',
    title: 'Consumer groups',
    summary: 'a live group on 4 partitions: add, remove or crash consumers, switch assignor, watch the rebalance',
    objective: 5,
    Component: GroupsPlayground,
  },
  'message-flow': {
    id: 'message-flow',
    title: 'The message flow',
    summary: 'one send("orders", key "user-456") stepped through every hop of its trace',
    objective: 5,
    Component: MessageFlowPlayground,
  },
};
