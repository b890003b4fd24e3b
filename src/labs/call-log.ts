/**
 * Remembers the learner's calls during a scenario, so a broken promise can show the call that
 * broke it: the function, its inputs and what it returned (or threw). Only the latest calls are
 * kept (a cluster scenario calls a mechanism thousands of times).
 */
import { plain } from './exercise.js';

export interface RecordedCall {
  readonly fn: string;
  readonly inputs: unknown;
  readonly output: unknown;
}

const KEPT_CALLS_MAX = 64;

export class CallLog {
  private readonly calls: Array<{ fn: string; inputs: unknown[]; output: unknown }> = [];
  private readonly suspicions = new Map<string, (inputs: readonly unknown[], output: unknown) => boolean>();
  private readonly suspects = new Map<string, RecordedCall>();

  /**
   * Keeps the FIRST call of `fn` matching `predicate` for good (later calls push it out of the
   * recent ones): the moment a learner's function first answered what Kafka would not.
   */
  suspect(fn: string, predicate: (inputs: readonly unknown[], output: unknown) => boolean): void {
    this.suspicions.set(fn, predicate);
  }

  /** The first suspicious call of `fn`, if any. */
  firstSuspect(fn: string): RecordedCall | undefined {
    return this.suspects.get(fn);
  }

  /** Wraps `fn` so every call is remembered under `name`. */
  wrap<F extends (...args: never[]) => unknown>(name: string, fn: F): F {
    const wrapped = (...args: Parameters<F>): ReturnType<F> => {
      const entry: { fn: string; inputs: unknown[]; output: unknown } = { fn: name, inputs: args, output: undefined };
      this.calls.push(entry);
      if (this.calls.length > KEPT_CALLS_MAX) this.calls.shift();
      try {
        const output = fn(...args) as ReturnType<F>;
        entry.output = output;
        const suspicious = this.suspicions.get(name);
        if (suspicious !== undefined && !this.suspects.has(name) && suspicious(args, output)) {
          this.suspects.set(name, { fn: name, inputs: plain(args.length === 1 ? args[0] : args), output: plain(output) });
        }
        return output;
      } catch (error) {
        entry.output = { threw: error instanceof Error ? error.message : String(error) };
        throw error;
      }
    };
    return wrapped as unknown as F;
  }

  /** The latest call, optionally the latest one of `fn` or the latest matching `where`, as plain data. */
  last(fn?: string, where?: (call: { inputs: readonly unknown[]; output: unknown }) => boolean): RecordedCall | undefined {
    for (let index = this.calls.length - 1; index >= 0; index--) {
      const call = this.calls[index]!;
      if (fn !== undefined && call.fn !== fn) continue;
      if (where !== undefined && !where(call)) continue;
      return { fn: call.fn, inputs: plain(call.inputs.length === 1 ? call.inputs[0] : call.inputs), output: plain(call.output) };
    }
    return undefined;
  }
}
