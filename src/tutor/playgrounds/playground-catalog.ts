/** The playgrounds the tutor can open, by id; one missing its simulator says why instead. */
import type { ComponentType } from 'react';
import type { PlaygroundId } from '../../lessons/lesson-types.js';

export interface PlaygroundProps {
  /** The simulator seed: the same seed and the same keys replay the same run. */
  readonly seed: number;
}

export interface PlaygroundEntry {
  readonly id: PlaygroundId;
  readonly title: string;
  readonly summary: string;
  /** 1-based learning objective it serves. */
  readonly objective: number;
  readonly Component?: ComponentType<PlaygroundProps>;
  /** Shown instead when there is no Component yet. */
  readonly unavailable?: string;
}

export type PlaygroundCatalog = Readonly<Record<PlaygroundId, PlaygroundEntry>>;

export const PLAYGROUND_ORDER: readonly PlaygroundId[] = ['partitioning', 'replication', 'kraft', 'groups', 'message-flow'];

export const DEFAULT_PLAYGROUND_SEED = 7;
