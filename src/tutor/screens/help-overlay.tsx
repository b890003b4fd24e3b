/** `?`: every key of the screen underneath, the keys that work everywhere, and what its glyphs mean. */
import { Box, Text } from 'ink';
import type { Route } from '../app/navigation.js';
import { GLOBAL_KEYS } from '../components/frame.js';
import type { KeyHint } from '../components/key-hint.js';
import { Toned } from '../components/toned.js';
import { useTerminalSize } from '../hooks/use-terminal-size.js';
import { roleGlyphs } from '../playgrounds/kraft/kraft-view.js';
import { glyphs } from '../theme/theme.js';

/** Each entry stays on one line when the legend wraps: its spaces are no-break spaces. */
const unbroken = (entry: string): string => entry.replaceAll(' ', '\u00a0');

const commonLegend = [
  `${glyphs.passed} passed`,
  `${glyphs.failed} failing`,
  `${glyphs.notStarted} not started`,
  `${glyphs.leader} leader`,
  `${glyphs.follower} follower`,
  `${glyphs.outOfSync} out of sync`,
  `${glyphs.down} down`,
].map(unbroken).join(' · ');

// The KRaft playground draws each controller's Raft role (KIP-595, KIP-996 for prospective).
const raftRoleLegend = [
  `${roleGlyphs.active} active controller`,
  `${roleGlyphs.leader} elected, not yet active`,
  `${roleGlyphs.follower} follower`,
  `${roleGlyphs.candidate} candidate`,
  `${roleGlyphs.prospective} prospective (pre-vote)`,
  `${roleGlyphs.unattached} unattached`,
  `${roleGlyphs.resigned} resigned`,
  `${roleGlyphs.down} down`,
].map(unbroken).join(' · ');

/** The glyph legends that apply to a screen: the common one, and the Raft roles on the KRaft playground. */
export function legendsFor(route: Route | undefined): string[] {
  const legends = [`Glyphs: ${commonLegend}`];
  if (route?.screen === 'playground' && route.id === 'kraft') legends.push(`Raft roles: ${raftRoleLegend}`);
  return legends;
}

function KeyTable({ keys }: { readonly keys: readonly KeyHint[] }) {
  const width = Math.max(...keys.map((hint) => hint.keys.length), 4);
  return (
    <Box flexDirection="column">
      {keys.map((hint) => (
        <Text key={`${hint.keys}-${hint.action}`} wrap="truncate-end">
          {'  '}
          {hint.keys.padEnd(width)}
          {'  '}
          {hint.action}
        </Text>
      ))}
    </Box>
  );
}

export function HelpOverlay({ keys, route }: { readonly keys: readonly KeyHint[]; readonly route?: Route }) {
  const { columns, rows } = useTerminalSize();
  return (
    <Box flexDirection="column" width={columns} height={rows} overflow="hidden">
      <Toned tone="heading" bold>
        Help: keys
      </Toned>
      <Text> </Text>
      <Toned tone="accent">On this screen</Toned>
      <KeyTable keys={keys} />
      <Text> </Text>
      <Toned tone="accent">Everywhere</Toned>
      <KeyTable keys={[...GLOBAL_KEYS, { keys: 'Ctrl-C', action: 'quit, always' }]} />
      <Text> </Text>
      {legendsFor(route).map((legend) => (
        <Toned key={legend} tone="muted">
          {legend}
        </Toned>
      ))}
      <Toned tone="muted">Press ? or Esc to close this help.</Toned>
    </Box>
  );
}
