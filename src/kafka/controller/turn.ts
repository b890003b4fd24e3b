/**
 * What every handler of one controller step receives.
 */
import type { Outbox, RandomSource } from '../step.js';
import type { ControllerOptions } from './controller-types.js';
import type { Draft } from './draft.js';

/** Everything one step works with: a mutable draft of the state, the outbox and the options. */
export interface Turn {
  readonly options: ControllerOptions;
  readonly draft: Draft;
  readonly out: Outbox;
  readonly now: number;
  readonly random: RandomSource;
}
