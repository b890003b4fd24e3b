/**
 * Drawing of the KRaft failover playground from a snapshot: the controller quorum (role, epoch,
 * vote, known leader, metadata log end offset and HW, the broker role's fencing and the partition
 * leaders each node knows), or on a toggle the ZooKeeper-mode cluster of the same seed; below, the
 * recovery times both runs measured for the latest kill. Every state has a glyph beside its colour.
 */
import { Box, Text } from 'ink';
import type { FailoverTimes } from '../../../sim/kraft/kraft-failover.js';
import { Toned } from '../../components/toned.js';
import { glyphs, type Tone } from '../../theme/theme.js';
import type { ControllerSnapshot, KraftWorldSnapshot } from './kraft-world.js';
import type { FailoverSnapshot, WorldName } from './kraft-simulation.js';
import type { ZkBrokerSnapshot, ZkWorldSnapshot } from './zk-world.js';
import { FAILOVER_PARTITIONS, FAILOVER_TOPIC } from './kraft-world.js';

/** A glyph per Raft role (and one for the leader not yet acting as controller). */
export const roleGlyphs = {
  active: glyphs.leader,
  leader: '☆',
  follower: glyphs.follower,
  candidate: '◆',
  prospective: '◇',
  unattached: glyphs.notStarted,
  resigned: '▽',
  down: glyphs.down,
} as const;

export function controllerGlyph(node: ControllerSnapshot): { glyph: string; tone: Tone } {
  switch (node.role) {
    case 'leader':
      return node.active ? { glyph: roleGlyphs.active, tone: 'leader' } : { glyph: roleGlyphs.leader, tone: 'pending' };
    case 'follower':
      return { glyph: roleGlyphs.follower, tone: 'follower' };
    case 'candidate':
    case 'prospective':
      return { glyph: roleGlyphs[node.role], tone: 'pending' };
    case 'resigned':
      return { glyph: roleGlyphs.resigned, tone: 'warning' };
    case 'unattached':
      return { glyph: roleGlyphs.unattached, tone: 'muted' };
    case 'down':
      return { glyph: roleGlyphs.down, tone: 'down' };
  }
}

/** "1  2✖ 3  …": the leader each partition has in a node's view, a cell each; ✖ marks a leader that is down. */
function Leaders({ leaders, down }: { readonly leaders: readonly (number | undefined)[]; readonly down: ReadonlySet<number> }) {
  if (leaders.length === 0) return null;
  return (
    <>
      {leaders.map((leader, partition) => {
        const dead = leader !== undefined && down.has(leader);
        const text = (leader === undefined ? '?' : leader < 0 ? '-' : `${leader}${dead ? glyphs.down : ''}`).padEnd(3);
        return (
          <Toned key={partition} tone={dead ? 'down' : 'follower'}>
            {text}
          </Toned>
        );
      })}
    </>
  );
}

const dash = (value: number | undefined): string => (value === undefined ? '-' : String(value));

/** What the active controller makes of a dead node's broker: fenced, or fenced once its session ends. */
function DeadBroker({ node, elapsedMs }: { readonly node: ControllerSnapshot; readonly elapsedMs: number }) {
  const fencing = node.fencing;
  const text =
    fencing === undefined ? '' : fencing.fenced ? ` · ${glyphs.outOfSync} fenced` : fencing.sessionEndsAtMs === undefined ? '' : ` · fenced in ${formatSeconds(fencing.sessionEndsAtMs - elapsedMs)}`;
  return (
    <>
      <Toned tone="down">{`${glyphs.down} down`}</Toned>
      <Toned tone={fencing?.fenced === true ? 'outOfSync' : 'muted'}>{text}</Toned>
    </>
  );
}

function KraftNodeRow({ node, down, elapsedMs }: { readonly node: ControllerSnapshot; readonly down: ReadonlySet<number>; readonly elapsedMs: number }) {
  const { glyph, tone } = controllerGlyph(node);
  const role = node.role === 'leader' && node.active ? 'leader,active' : node.role;
  const broker =
    !node.up ? null : node.fenced === undefined ? (
      <Toned tone="pending">{`${glyphs.running} registering`.padEnd(12)}</Toned>
    ) : node.fenced ? (
      <Toned tone="outOfSync">{`${glyphs.outOfSync} fenced`.padEnd(12)}</Toned>
    ) : (
      <Toned tone="passed">{`${glyphs.passed} unfenced`.padEnd(12)}</Toned>
    );
  return (
    <Text wrap="truncate-end">
      <Toned tone={tone}>{`  ${glyph} ${String(node.id).padEnd(3)}${role.padEnd(14)}`}</Toned>
      {`${String(node.epoch).padStart(5)}${dash(node.votedFor).padStart(6)}${dash(node.leaderId).padStart(5)}`}
      {`${String(node.logEndOffset).padStart(6)}${(node.up ? String(node.highWatermark) : '-').padStart(5)}  `}
      {node.up ? broker : <DeadBroker node={node} elapsedMs={elapsedMs} />}
      <Leaders leaders={node.leaders} down={down} />
    </Text>
  );
}

export function KraftQuorumView({ world, elapsedMs }: { readonly world: KraftWorldSnapshot; readonly elapsedMs: number }) {
  const down = new Set(world.nodes.filter((node) => !node.up).map((node) => node.id));
  const active = world.nodes.find((node) => node.active);
  return (
    <Box flexDirection="column">
      <Text wrap="truncate-end">
        {'KRaft · 3 nodes, each broker+controller · '}
        {active === undefined ? (
          <Toned tone="warning" bold>{`${glyphs.failed} no active controller`}</Toned>
        ) : (
          <Toned tone="leader" bold>{`active controller ${glyphs.leader} node ${active.id}, epoch ${active.epoch}`}</Toned>
        )}
      </Text>
      <Toned tone="muted" wrap="truncate-end">{`  node role          epoch voted lead   LEO   HW  broker      ${FAILOVER_TOPIC}-0..${FAILOVER_PARTITIONS - 1}`}</Toned>
      {world.nodes.map((node) => (
        <KraftNodeRow key={node.id} node={node} down={down} elapsedMs={elapsedMs} />
      ))}
    </Box>
  );
}

function zkGlyph(broker: ZkBrokerSnapshot): { glyph: string; tone: Tone; role: string } {
  if (!broker.up) return { glyph: glyphs.down, tone: 'down', role: 'down' };
  const controller = broker.controller;
  if (controller === undefined) return { glyph: glyphs.follower, tone: 'follower', role: 'broker' };
  if (controller.phase === 'active') return { glyph: glyphs.leader, tone: 'leader', role: `controller, epoch ${controller.epoch}` };
  const doing = controller.phase === 'loading' ? `loading (${controller.znodesRead} znodes read)` : 'claiming epoch';
  return { glyph: '◆', tone: 'pending', role: `${doing}, epoch ${controller.epoch}` };
}

export function ZookeeperView({ world, elapsedMs }: { readonly world: ZkWorldSnapshot; readonly elapsedMs: number }) {
  const down = new Set(world.brokers.filter((broker) => !broker.up).map((broker) => broker.id));
  const znode = world.controllerZnode;
  const holderDown = znode !== undefined && world.brokers.some((broker) => !broker.up && znode.holder === `broker-${broker.id}`);
  return (
    <Box flexDirection="column">
      <Text wrap="truncate-end">
        {'ZooKeeper mode (removed in Kafka 4.0) · '}
        {world.activeController === undefined ? (
          <Toned tone="warning" bold>{`${glyphs.failed} no active controller`}</Toned>
        ) : (
          <Toned tone="leader" bold>{`active controller ${glyphs.leader} broker ${world.activeController}`}</Toned>
        )}
      </Text>
      <Text wrap="truncate-end">
        {'/controller: '}
        {znode === undefined ? (
          <Toned tone="warning">{`${glyphs.outOfSync} none (the brokers race to create it)`}</Toned>
        ) : holderDown ? (
          <Toned tone="down">{`${glyphs.down} still held by dead ${znode.holder}'s session, expires in ${formatSeconds(znode.sessionExpiresAtMs - elapsedMs)}`}</Toned>
        ) : (
          `held by ${znode.holder}'s session`
        )}
      </Text>
      <Toned tone="muted" wrap="truncate-end">{`  broker  session  role                          leaders ${FAILOVER_TOPIC}-0..${FAILOVER_PARTITIONS - 1}`}</Toned>
      {world.brokers.map((broker) => {
        const { glyph, tone, role } = zkGlyph(broker);
        return (
          <Text key={broker.id} wrap="truncate-end">
            <Toned tone={tone}>{`  ${glyph} ${String(broker.id).padEnd(6)}`}</Toned>
            {(broker.sessionId === undefined ? '-' : `#${broker.sessionId}`).padEnd(9)}
            <Toned tone={tone}>{role.padEnd(30)}</Toned>
            <Leaders leaders={broker.leaders} down={down} />
          </Text>
        );
      })}
    </Box>
  );
}

function formatSeconds(ms: number): string {
  return `${(Math.max(0, ms) / 1000).toFixed(1)} s`;
}

/** One measured figure: done, still running (how long so far), or not applicable. */
export function figure(times: FailoverTimes | undefined, value: number | undefined, elapsedMs: number, applies = true): { glyph: string; tone: Tone; text: string } {
  if (times === undefined) return { glyph: ' ', tone: 'muted', text: '-' };
  if (!applies) return { glyph: ' ', tone: 'muted', text: 'none led' };
  if (value !== undefined) return { glyph: glyphs.passed, tone: 'passed', text: `${value} ms` };
  return { glyph: glyphs.running, tone: 'pending', text: formatSeconds(elapsedMs - times.crashAtMs) };
}

const LABEL_WIDTH = 50;
const FIGURE_WIDTH = 14;

function FigureCell({ cell }: { readonly cell: ReturnType<typeof figure> }) {
  return <Toned tone={cell.tone}>{`${cell.glyph} ${cell.text}`.padEnd(FIGURE_WIDTH)}</Toned>;
}

export function MeasuredTimes({ snapshot }: { readonly snapshot: FailoverSnapshot }) {
  const { kraftTimes: kraft, zookeeperTimes: zk, elapsedMs } = snapshot;
  const killedAt = kraft ?? zk;
  return (
    <Box flexDirection="column">
      <Toned tone="accent" wrap="truncate-end">
        {`Virtual time from ${killedAt === undefined ? 'a kill' : `the kill at t=${formatSeconds(killedAt.crashAtMs)}`} to:`.padEnd(LABEL_WIDTH - 1)}{' '}{`${'KRaft'.padEnd(FIGURE_WIDTH)}ZooKeeper`}
      </Toned>
      {killedAt === undefined ? (
        <Toned tone="muted" wrap="truncate-end">{'  k kills the active controller in both clusters; the times appear here'}</Toned>
      ) : (
        <>
          <Text wrap="truncate-end">
            {'  → new active controller'.padEnd(LABEL_WIDTH)}
            <FigureCell cell={figure(kraft, kraft?.newControllerMs, elapsedMs)} />
            <FigureCell cell={figure(zk, zk?.newControllerMs, elapsedMs)} />
          </Text>
          <Text wrap="truncate-end">
            {'  → first partition it led has a new leader'.padEnd(LABEL_WIDTH)}
            <FigureCell cell={figure(kraft, kraft?.firstNewPartitionLeaderMs, elapsedMs, (kraft?.partitionsToMove ?? 0) > 0)} />
            <FigureCell cell={figure(zk, zk?.firstNewPartitionLeaderMs, elapsedMs, (zk?.partitionsToMove ?? 0) > 0)} />
          </Text>
        </>
      )}
    </Box>
  );
}

/** Columns one cluster's drawing needs; a terminal twice as wide shows both clusters side by side. */
export const WORLD_COLUMNS = 80;

export function FailoverView({ snapshot, shown, sideBySide = false }: { readonly snapshot: FailoverSnapshot; readonly shown: WorldName; readonly sideBySide?: boolean }) {
  const kraft = <KraftQuorumView world={snapshot.kraft} elapsedMs={snapshot.elapsedMs} />;
  const zookeeper = <ZookeeperView world={snapshot.zookeeper} elapsedMs={snapshot.elapsedMs} />;
  return (
    <Box flexDirection="column">
      {sideBySide ? (
        <Box flexDirection="row">
          <Box width={WORLD_COLUMNS} flexDirection="column">
            {kraft}
          </Box>
          <Box width={WORLD_COLUMNS} flexDirection="column">
            {zookeeper}
          </Box>
        </Box>
      ) : shown === 'kraft' ? (
        kraft
      ) : (
        zookeeper
      )}
      <Box marginTop={1} flexDirection="column">
        <MeasuredTimes snapshot={snapshot} />
      </Box>
      <Toned tone="muted" wrap="truncate-end">
        {sideBySide
          ? 'ZooKeeper mode was removed in Kafka 4.0; its model runs the same failure on the right.'
          : shown === 'kraft'
            ? 'ZooKeeper mode was removed in Kafka 4.0; z shows its model of the same failure.'
            : 'Removed in Kafka 4.0, modelled to compare; z goes back to KRaft.'}
      </Toned>
      {snapshot.notice !== undefined && (
        <Toned tone="warning" wrap="truncate-end">
          {`${glyphs.pointer} ${snapshot.notice}`}
        </Toned>
      )}
    </Box>
  );
}
