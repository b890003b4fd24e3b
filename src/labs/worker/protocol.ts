/** Messages between the runner (main thread) and its worker thread. Plain data only. */
import type { TestResult } from '../report.js';
import type { CompileError } from '../type-check.js';

export interface RunRequest {
  readonly id: number;
  readonly root: string;
  readonly labId: string;
  readonly exerciseId: string;
  /** The learner's file, absolute. */
  readonly file: string;
}

export type WorkerReply =
  /** The learner's code starts now: the deadline runs from here. */
  | { readonly id: number; readonly kind: 'started' }
  | { readonly id: number; readonly kind: 'crashed'; readonly message: string; readonly stack: string }
  | { readonly id: number; readonly kind: 'done'; readonly tests: readonly TestResult[] };

export interface TypeCheckRequest {
  readonly id: number;
  readonly root: string;
  readonly file: string;
}

export interface TypeCheckReply {
  readonly id: number;
  readonly error?: CompileError;
  /** The checker itself failed; the run goes on without a type check. */
  readonly failure?: string;
}
