/** Checks shared by the producer's and the consumer's configuration: a clear sentence per mistake. */
import { KafkaInputError } from '../errors.js';
import type { NodeId } from '../ids.js';

export function requireInteger(name: string, value: number, min: number): void {
  if (!Number.isSafeInteger(value) || value < min) {
    throw new KafkaInputError(`${name} must be an integer ≥ ${min}, got ${String(value)}`);
  }
}

export function requireBootstrap(bootstrap: readonly NodeId[]): void {
  if (!Array.isArray(bootstrap) || bootstrap.length === 0) {
    throw new KafkaInputError('bootstrap must name at least one broker, e.g. ["broker-1"]');
  }
}

/** `{ lingerMs: undefined }` must not erase the default. */
export function withoutUndefined<T extends object>(input: T): Partial<T> {
  return Object.fromEntries(Object.entries(input).filter(([, value]) => value !== undefined)) as Partial<T>;
}
