import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EventQueue } from '../../src/sim/event-queue.js';

function drain<T>(queue: EventQueue<T>): Array<{ time: number; tag: number; item: T | undefined; sequence: number }> {
  const out = [];
  while (queue.size > 0) {
    const item = queue.pop();
    out.push({ time: queue.lastTime, tag: queue.lastTag, item, sequence: queue.lastSequence });
  }
  return out;
}

describe('EventQueue', () => {
  it('pops in time order', () => {
    const queue = new EventQueue<string>();
    queue.push(30, 0, 'c');
    queue.push(10, 0, 'a');
    queue.push(20, 0, 'b');
    expect(queue.peekTime()).toBe(10);
    expect(drain(queue).map((entry) => entry.item)).toEqual(['a', 'b', 'c']);
    expect(queue.peekTime()).toBe(Infinity);
  });

  it('runs equal times in insertion order', () => {
    const queue = new EventQueue<number>();
    for (let index = 0; index < 100; index++) queue.push(5, 0, index);
    queue.push(1, 0, -1);
    const items = drain(queue).map((entry) => entry.item);
    expect(items).toEqual([-1, ...Array.from({ length: 100 }, (_, index) => index)]);
  });

  it('returns increasing sequences and reports tag and sequence of the popped entry', () => {
    const queue = new EventQueue<undefined>();
    const first = queue.push(2, 7);
    const second = queue.push(1, 9);
    expect(second).toBe(first + 1);
    expect(queue.nextSequence).toBe(second + 1);
    queue.pop();
    expect([queue.lastTime, queue.lastTag, queue.lastSequence]).toEqual([1, 9, second]);
    queue.pop();
    expect([queue.lastTime, queue.lastTag, queue.lastSequence]).toEqual([2, 7, first]);
  });

  it('refuses to pop when empty and to push NaN', () => {
    const queue = new EventQueue<number>();
    expect(() => queue.pop()).toThrow(/empty/);
    expect(() => queue.push(Number.NaN, 0)).toThrow(/NaN/);
  });

  it('clears, and keeps sequences growing afterwards', () => {
    const queue = new EventQueue<number>();
    queue.push(1, 0, 1);
    queue.push(2, 0, 2);
    queue.clear();
    expect(queue.size).toBe(0);
    expect(queue.push(0, 0, 3)).toBe(2);
  });

  it('matches a stable sort by time for any interleaving of pushes and pops', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.integer({ min: 0, max: 20 }), fc.constant<'pop'>('pop')), { maxLength: 400 }),
        (operations) => {
          const queue = new EventQueue<number>();
          const model: Array<{ time: number; id: number }> = [];
          let id = 0;
          let clock = 0;
          for (const operation of operations) {
            if (operation === 'pop') {
              if (model.length === 0) continue;
              // The model: earliest time, then earliest insertion.
              let best = 0;
              for (let index = 1; index < model.length; index++) {
                const candidate = model[index]!;
                const current = model[best]!;
                if (candidate.time < current.time || (candidate.time === current.time && candidate.id < current.id)) best = index;
              }
              const expected = model.splice(best, 1)[0]!;
              expect(queue.pop()).toBe(expected.id);
              expect(queue.lastTime).toBe(expected.time);
              clock = expected.time;
            } else {
              const time = clock + operation;
              model.push({ time, id });
              queue.push(time, id % 8, id);
              id++;
            }
            expect(queue.size).toBe(model.length);
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
