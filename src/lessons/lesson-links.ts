/**
 * What a lesson section may link to: the tutor's playgrounds and the lab's exercises (the ids every
 * part of the workbook uses; see labs/02-architecture).
 */
import type { PlaygroundId } from './lesson-types.js';

export const PLAYGROUND_IDS: readonly PlaygroundId[] = ['partitioning', 'replication', 'kraft', 'groups', 'message-flow'];

export const EXERCISE_IDS: readonly string[] = [
  '01-partitioner',
  '02-high-watermark-and-acks',
  '03-isr',
  '04-leader-election',
  '05-kraft-vote',
  '06-range-assignor',
];

export function isPlaygroundId(value: string): value is PlaygroundId {
  return (PLAYGROUND_IDS as readonly string[]).includes(value);
}

/** The sentence the loader appends to a section that links somewhere, so readers see the link too. */
export function tryItLine(playground: PlaygroundId | undefined, exercise: string | undefined): string | undefined {
  const parts: string[] = [];
  if (playground !== undefined) parts.push(`the \`${playground}\` playground`);
  if (exercise !== undefined) parts.push(`exercise \`${exercise}\``);
  if (parts.length === 0) return undefined;
  return `> **Try it:** ${parts.join(', then ')}.`;
}
