/** A known-wrong version of an exercise: the mistake learners really make, and the checks that must catch it. */
export interface KnownWrong<Impl> {
  readonly name: string;
  /** The mistake, in a learner's words. */
  readonly mistake: string;
  readonly impl: Impl;
  /** Ids of checks that must fail for it (at least one). */
  readonly caughtBy: readonly string[];
}
