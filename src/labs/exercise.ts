/**
 * What an exercise is, for the runner, the learner-facing vitest files and the project's own proof:
 * one definition per exercise holding its file, its hint ladder and its checks. A check is a named
 * promise of the lesson ("the same key always lands in the same partition") run against an
 * implementation; it breaks by throwing `PromiseBroken` with what replays it. The same checks run
 * in-process (the proof, vitest) and in the runner's worker (the learner's file, with a deadline).
 */
import type { BrokenPromise } from './report.js';

/** One promise of the lesson, checked against an implementation of the exercise. */
export interface Check<Impl> {
  /** Stable id (BrokenPromise.id), used by `hintFor`: 'same-key-same-partition'. */
  readonly id: string;
  /** The promise as a test name, in Kafka's terms. */
  readonly promise: string;
  /** Returns when the promise holds; throws PromiseBroken (or the learner's own error) when it does not. */
  run(impl: Impl): void;
}

export interface ExerciseDefinition<Impl = unknown> {
  /** '01-partitioner': the ids every part of the workbook uses. */
  readonly id: string;
  readonly title: string;
  /** The file the learner edits, relative to the lab folder: 'exercises/01-partitioner/partitioner.ts'. */
  readonly file: string;
  /** The functions the file must export, in the order the README introduces them. */
  readonly exports: readonly string[];
  /** From a nudge to nearly the answer. */
  readonly hints: readonly string[];
  /** BrokenPromise.id → index into hints: the hint that fits that failure best. */
  readonly hintFor: Readonly<Record<string, number>>;
  readonly checks: readonly Check<Impl>[];
}

/** Thrown by a check when the learner's code broke the promise; carries everything the report shows. */
export class PromiseBroken extends Error {
  constructor(readonly broken: Omit<BrokenPromise, 'id'>) {
    super(broken.summary);
    this.name = 'PromiseBroken';
  }
}

/** Breaks the promise with a sentence and, when a scenario ran, its seed, trace and the learner's call. */
export function broken(summary: string, details: Omit<BrokenPromise, 'id' | 'summary' | 'trace'> & { trace?: readonly string[] } = {}): never {
  throw new PromiseBroken({ ...details, summary, trace: details.trace ?? [] });
}

/** Turns Maps, Sets and byte arrays into plain JSON values, so a call crosses the worker boundary and prints well. */
export function plain(value: unknown, depth = 0): unknown {
  if (depth > 6) return '…';
  if (value instanceof Uint8Array) return Array.from(value);
  if (value instanceof Map) return Object.fromEntries([...value].map(([key, item]) => [String(key), plain(item, depth + 1)]));
  if (value instanceof Set) return [...value].map((item) => plain(item, depth + 1));
  if (Array.isArray(value)) return value.map((item) => plain(item, depth + 1));
  if (typeof value === 'function') return `[function ${value.name || 'anonymous'}]`;
  if (typeof value === 'bigint') return `${value}n`;
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, plain(item, depth + 1)]));
  }
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value);
  return value;
}
