/**
 * Colours by meaning, never by name: a screen asks for `passed` or `leader`, the theme decides
 * what that looks like. Every state also has a glyph, so colour is never the only signal
 * (colour-blind safe, and NO_COLOR terminals lose nothing).
 */
export type Tone =
  | 'heading'
  | 'accent'
  | 'muted'
  | 'passed'
  | 'failed'
  | 'pending'
  | 'warning'
  | 'leader'
  | 'follower'
  | 'outOfSync'
  | 'down'
  | 'selected';

const toneColors: Readonly<Record<Tone, string>> = {
  heading: 'cyan',
  accent: 'cyan',
  muted: 'gray',
  passed: 'green',
  failed: 'red',
  pending: 'yellow',
  warning: 'yellow',
  leader: 'magenta',
  follower: 'blue',
  outOfSync: 'yellow',
  down: 'red',
  selected: 'cyan',
};

/** One glyph per state, shown beside (or instead of) the colour. */
export const glyphs = {
  passed: '✔',
  failed: '✘',
  notStarted: '○',
  started: '◐',
  running: '…',
  leader: '★',
  follower: '●',
  outOfSync: '◌',
  down: '✖',
  pointer: '›',
  read: '✔',
  unread: '·',
  committed: '■',
  uncommitted: '□',
  lost: '!',
} as const;

export interface Theme {
  readonly color: boolean;
  /** The terminal colour for a tone, or undefined when colour is off. */
  colorOf(tone: Tone): string | undefined;
}

export function createTheme(color: boolean): Theme {
  return { color, colorOf: (tone) => (color ? toneColors[tone] : undefined) };
}

/** NO_COLOR (https://no-color.org): present and not empty means no colour. */
export function colorWanted(env: NodeJS.ProcessEnv): boolean {
  const noColor = env['NO_COLOR'];
  return noColor === undefined || noColor === '';
}
