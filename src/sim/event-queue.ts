/**
 * The simulator's agenda: a binary min-heap of events keyed by (time, insertion sequence).
 *
 * Two events at the same virtual time run in the order they were scheduled, so a run never depends
 * on how the heap happens to break ties: that is what makes a seed replay byte for byte.
 *
 * Hot path, so the heap is laid out as parallel arrays (struct of arrays) instead of one object per
 * entry: `times` and `sequences` in Float64Arrays, a small integer `tag` per entry in an Int32Array
 * (the owner packs "what kind of event, for which node" into it), and an optional `item` per entry.
 * Pushing and popping allocate nothing once the arrays have grown to the run's high-water mark, and
 * sifting moves a hole instead of swapping (one write per level instead of three).
 *
 * `pop()` returns the item and leaves the popped entry's time, tag and sequence in `lastTime`,
 * `lastTag` and `lastSequence`, so the caller gets four values without an allocated tuple.
 */

const INITIAL_CAPACITY = 64;

export class EventQueue<Item> {
  private times = new Float64Array(INITIAL_CAPACITY);
  private sequences = new Float64Array(INITIAL_CAPACITY);
  private tags = new Int32Array(INITIAL_CAPACITY);
  private items: Array<Item | undefined> = new Array<Item | undefined>(INITIAL_CAPACITY).fill(undefined);
  private count = 0;
  private sequenceNext = 0;

  /** Time of the entry most recently returned by pop(). */
  lastTime = 0;
  /** Tag of the entry most recently returned by pop(). */
  lastTag = 0;
  /** Insertion sequence of the entry most recently returned by pop(). */
  lastSequence = -1;

  get size(): number {
    return this.count;
  }

  /** The sequence number the next push will get (sequences only grow). */
  get nextSequence(): number {
    return this.sequenceNext;
  }

  /** Time of the earliest entry; Infinity when empty. */
  peekTime(): number {
    return this.count === 0 ? Infinity : (this.times[0] as number);
  }

  /**
   * Adds an entry and returns its insertion sequence (unique, increasing), which callers may keep
   * to recognise this exact entry when it is popped (the simulator's wake timers do).
   */
  push(time: number, tag: number, item?: Item): number {
    if (Number.isNaN(time)) throw new RangeError('event time must be a number, got NaN');
    if (this.count === this.times.length) this.grow();
    const sequence = this.sequenceNext++;
    const times = this.times;
    const sequences = this.sequences;
    const tags = this.tags;
    const items = this.items;
    // Sift up: move parents down into the hole until the new entry's place is found.
    let hole = this.count++;
    while (hole > 0) {
      const parent = (hole - 1) >> 1;
      const parentTime = times[parent] as number;
      if (parentTime < time || (parentTime === time && (sequences[parent] as number) < sequence)) break;
      times[hole] = parentTime;
      sequences[hole] = sequences[parent] as number;
      tags[hole] = tags[parent] as number;
      items[hole] = items[parent];
      hole = parent;
    }
    times[hole] = time;
    sequences[hole] = sequence;
    tags[hole] = tag;
    items[hole] = item;
    return sequence;
  }

  /** Removes the earliest entry and returns its item; sets lastTime, lastTag and lastSequence. */
  pop(): Item | undefined {
    if (this.count === 0) throw new RangeError('pop from an empty event queue');
    const times = this.times;
    const sequences = this.sequences;
    const tags = this.tags;
    const items = this.items;
    this.lastTime = times[0] as number;
    this.lastSequence = sequences[0] as number;
    this.lastTag = tags[0] as number;
    const result = items[0];

    const last = --this.count;
    const movedTime = times[last] as number;
    const movedSequence = sequences[last] as number;
    const movedTag = tags[last] as number;
    const movedItem = items[last];
    items[last] = undefined; // let the garbage collector have it
    if (last === 0) return result;

    // Sift down: move the smaller child up into the hole until the moved entry fits.
    let hole = 0;
    const half = last >> 1;
    while (hole < half) {
      let child = 2 * hole + 1;
      let childTime = times[child] as number;
      let childSequence = sequences[child] as number;
      const right = child + 1;
      if (right < last) {
        const rightTime = times[right] as number;
        const rightSequence = sequences[right] as number;
        if (rightTime < childTime || (rightTime === childTime && rightSequence < childSequence)) {
          child = right;
          childTime = rightTime;
          childSequence = rightSequence;
        }
      }
      if (movedTime < childTime || (movedTime === childTime && movedSequence < childSequence)) break;
      times[hole] = childTime;
      sequences[hole] = childSequence;
      tags[hole] = tags[child] as number;
      items[hole] = items[child];
      hole = child;
    }
    times[hole] = movedTime;
    sequences[hole] = movedSequence;
    tags[hole] = movedTag;
    items[hole] = movedItem;
    return result;
  }

  /** Drops every entry (sequences keep growing, so old sequence numbers are never reused). */
  clear(): void {
    this.items.fill(undefined, 0, this.count);
    this.count = 0;
  }

  private grow(): void {
    const capacity = this.times.length * 2;
    const times = new Float64Array(capacity);
    times.set(this.times);
    const sequences = new Float64Array(capacity);
    sequences.set(this.sequences);
    const tags = new Int32Array(capacity);
    tags.set(this.tags);
    this.times = times;
    this.sequences = sequences;
    this.tags = tags;
    for (let index = this.items.length; index < capacity; index++) this.items.push(undefined);
  }
}
