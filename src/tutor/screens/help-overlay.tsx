/** `?`: every key of the screen underneath, the keys that work everywhere, and what its glyphs mean. */
import { Box, Text } from 'ink';
import type { Route } from '../app/navigation.js';
import { GLOBAL_KEYS } from '../components/frame.js';
import type { KeyHint } from '../components/key-hint.js';
import { Toned } from '../components/toned.js';
import { useTerminalSize } from '../hooks/use-terminal-size.js';
import { roleGlyphs } from '../playgrounds/kraft/kraft-view.js';
import { glyphs } from '../theme/theme.js';

const commonLegend: readonly string[] = [
  `${glyphs.passed} passed`,
  `${glyphs.failed} failing`,
  `${glyphs.notStarted} not started`,
  `${glyphs.leader} leader`,
  `${glyphs.follower} follower`,
  `${glyphs.outOfSync} out of sync`,
  `${glyphs.down} down`,
];

// The KRaft playground draws each controller's Raft role (KIP-595, KIP-996 for prospective).
const raftRoleLegend: readonly string[] = [
  `${roleGlyphs.active} active controller`,
  `${roleGlyphs.leader} elected, not yet active`,
  `${roleGlyphs.follower} follower`,
  `${roleGlyphs.candidate} candidate`,
  `${roleGlyphs.prospective} prospective (pre-vote)`,
  `${roleGlyphs.unattached} unattached`,
  `${roleGlyphs.resigned} resigned`,
  `${roleGlyphs.down} down`,
];

/** The glyph legends that apply to a screen: the common one, and the Raft roles on the KRaft playground. */
export function legendsFor(route: Route | undefined): { label: string; entries: readonly string[] }[] {
  const legends = [{ label: 'Glyphs', entries: commonLegend }];
  if (route?.screen === 'playground' && route.id === 'kraft') legends.push({ label: 'Raft roles', entries: raftRoleLegend });
  return legends;
}

/** Joins entries into lines of at most `width` columns, breaking only between entries. */
export function packEntries(entries: readonly string[], separator: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const entry of entries) {
    const candidate = line === '' ? entry : `${line}${separator}${entry}`;
    if (candidate.length <= width || line === '') line = candidate;
    else {
      lines.push(line + separator.trimEnd());
      line = entry;
    }
  }
  if (line !== '') lines.push(line);
  return lines;
}

/** The key table as text rows: one column, or two side by side when `columnsOfKeys` is 2. */
export function keyTableRows(keys: readonly KeyHint[], columnsOfKeys: 1 | 2, width: number): string[] {
  const keyWidth = Math.max(...keys.map((hint) => hint.keys.length), 4);
  const cell = (hint: KeyHint) => `  ${hint.keys.padEnd(keyWidth)}  ${hint.action}`;
  if (columnsOfKeys === 1) return keys.map(cell);
  const half = Math.ceil(keys.length / 2);
  const left = keys.slice(0, half).map(cell);
  const right = keys.slice(half).map(cell);
  const leftWidth = Math.min(Math.floor(width / 2), Math.max(...left.map((text) => text.length)) + 2);
  return left.map((text, index) => (right[index] === undefined ? text : `${text.padEnd(leftWidth)}${right[index]}`));
}

type HelpLine = { readonly text: string; readonly tone?: 'heading' | 'accent' | 'muted' };

/**
 * Every line of the help, laid out to fit `rows`: with blank lines between the parts when there is
 * room; else without them; else the key tables in two columns; the legends always in full.
 */
export function helpLines(keys: readonly KeyHint[], route: Route | undefined, columns: number, rows: number): HelpLine[] {
  const globalKeys = [...GLOBAL_KEYS, { keys: 'Ctrl-C', action: 'quit, always' }];
  const legendLines = legendsFor(route).flatMap(({ label, entries }) =>
    packEntries([`${label}: ${entries[0] ?? ''}`, ...entries.slice(1)], ' · ', columns),
  );
  const build = (blanks: boolean, columnsOfKeys: 1 | 2): HelpLine[] => {
    const blank: HelpLine[] = blanks ? [{ text: ' ' }] : [];
    return [
      { text: 'Help: keys', tone: 'heading' },
      ...blank,
      { text: 'On this screen', tone: 'accent' },
      ...keyTableRows(keys, columnsOfKeys, columns).map((text) => ({ text })),
      ...blank,
      { text: 'Everywhere', tone: 'accent' },
      ...keyTableRows(globalKeys, columnsOfKeys, columns).map((text) => ({ text })),
      ...blank,
      ...legendLines.map((text) => ({ text, tone: 'muted' as const })),
      { text: 'Press ? or Esc to close this help.', tone: 'muted' },
    ];
  };
  for (const [blanks, columnsOfKeys] of [[true, 1], [false, 1], [false, 2]] as const) {
    const lines = build(blanks, columnsOfKeys);
    if (lines.length <= rows) return lines;
  }
  return build(false, 2);
}

export function HelpOverlay({ keys, route }: { readonly keys: readonly KeyHint[]; readonly route?: Route }) {
  const { columns, rows } = useTerminalSize();
  return (
    <Box flexDirection="column" width={columns} height={rows} overflow="hidden">
      {helpLines(keys, route, columns, rows).map((line, index) =>
        line.tone === undefined ? (
          <Text key={index} wrap="truncate-end">
            {line.text}
          </Text>
        ) : (
          <Toned key={index} tone={line.tone} bold={line.tone === 'heading'} wrap="truncate-end">
            {line.text}
          </Toned>
        ),
      )}
    </Box>
  );
}
