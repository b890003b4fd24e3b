/**
 * Named invariants (semantics section 11). Property tests, lab tests and the tutor's warnings use
 * the same list. Some look at one snapshot of the cluster; others watch the trace as it happens.
 */
import type { TraceEvent } from '../trace.js';

export interface Violation {
  readonly invariant: string;
  readonly message: string;
}

/** An invariant over the stream of trace events; it remembers what it needs between events. */
export interface TraceMonitor {
  readonly name: string;
  observe(event: TraceEvent): Violation | undefined;
}
