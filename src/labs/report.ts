/**
 * What running one exercise produces. The lab runner (`src/labs`) writes these; the plain
 * `npm run lab 02 -- --check` report and the tutor's exercise screen read them. Plain data, so it
 * crosses a worker or child-process boundary as JSON.
 */

/** A promise the lesson makes that the learner's code broke, with what replays it. */
export interface BrokenPromise {
  /** Stable id, used to pick the hint that fits: 'same-key-same-partition', 'acked-record-survives', 'one-leader-per-epoch', ... */
  readonly id: string;
  /** One sentence in Kafka's terms: "record-7 was acknowledged with acks=all and is gone after broker 2 crashed". */
  readonly summary: string;
  /** The simulator seed that replays the scenario, when a scenario ran. */
  readonly seed?: number;
  /** The scenario's short trace, one readable line per event (src/sim/trace-format.ts), ending where it broke. */
  readonly trace: readonly string[];
  /** Index into `trace` of the step where the promise broke. */
  readonly brokeAtStep?: number;
  /** The learner's function call at that step: its name, inputs and what it returned (or threw). */
  readonly call?: { readonly fn: string; readonly inputs: unknown; readonly output: unknown };
  /** Set when the learner's code threw inside the scenario (the starter's "not written yet", a bug) rather than returning something that broke the promise. */
  readonly threw?: boolean;
}

export interface TestResult {
  readonly name: string;
  readonly status: 'passed' | 'failed';
  /** Why it failed, in Kafka's terms (assertion messages are written for learners). */
  readonly message?: string;
  readonly broken?: BrokenPromise;
}

export type ExerciseOutcome =
  | { readonly kind: 'passed'; readonly tests: readonly TestResult[] }
  | { readonly kind: 'failed'; readonly tests: readonly TestResult[] }
  /** The learner's file does not compile: the compiler's first message, with file and line. */
  | { readonly kind: 'compile-error'; readonly file: string; readonly line: number; readonly column: number; readonly message: string }
  /** It did not finish before the deadline (an endless loop?). */
  | { readonly kind: 'timeout'; readonly afterMs: number }
  /** It threw outside any test, or the worker died: the stack trimmed to the learner's file. */
  | { readonly kind: 'crashed'; readonly message: string; readonly stack: string };

export interface ExerciseReport {
  readonly labId: string;
  readonly exerciseId: string;
  readonly outcome: ExerciseOutcome;
  readonly durationMs: number;
}
