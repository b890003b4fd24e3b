/**
 * The small `name key=value key=value` syntax shared by generated blocks, inline values, section
 * metadata and computed quiz questions. Values hold no spaces; lists are comma-separated.
 */

export interface Directive {
  readonly name: string;
  readonly args: ReadonlyMap<string, string>;
}

/** Parses `name a=1 b=x,y`; returns a sentence describing the problem instead of throwing. */
export function parseDirective(text: string): Directive | string {
  const words = text.trim().split(/\s+/).filter((word) => word !== '');
  const name = words.shift();
  if (name === undefined) return 'expected a name followed by key=value arguments';
  if (name.includes('=')) return `expected a name before the arguments, got "${name}"`;
  const args = new Map<string, string>();
  for (const word of words) {
    const equals = word.indexOf('=');
    if (equals <= 0 || equals === word.length - 1) return `argument "${word}" is not key=value`;
    const key = word.slice(0, equals);
    if (args.has(key)) return `argument "${key}" is given twice`;
    args.set(key, word.slice(equals + 1));
  }
  return { name, args };
}

/** Reads arguments with clear messages; each getter throws ArgumentProblem, which callers locate. */
export class ArgumentProblem extends Error {
  override readonly name = 'ArgumentProblem';
}

export class DirectiveArgs {
  private readonly used = new Set<string>();

  constructor(
    private readonly directive: Directive,
  ) {}

  string(key: string): string {
    const value = this.directive.args.get(key);
    if (value === undefined) throw new ArgumentProblem(`"${this.directive.name}" needs ${key}=...`);
    this.used.add(key);
    return value;
  }

  has(key: string): boolean {
    return this.directive.args.has(key);
  }

  optionalString(key: string): string | undefined {
    if (!this.directive.args.has(key)) return undefined;
    return this.string(key);
  }

  integer(key: string, min = 0, max = 10_000): number {
    const text = this.string(key);
    const value = Number(text);
    if (!/^-?\d+$/.test(text) || value < min || value > max) {
      throw new ArgumentProblem(`${key}=${text} must be a whole number from ${min} to ${max}`);
    }
    return value;
  }

  optionalInteger(key: string, fallback: number, min = 0, max = 10_000): number {
    return this.directive.args.has(key) ? this.integer(key, min, max) : fallback;
  }

  list(key: string): string[] {
    const items = this.string(key).split(',');
    if (items.some((item) => item === '')) throw new ArgumentProblem(`${key} has an empty item`);
    return items;
  }

  integerList(key: string, min = 0, max = 10_000): number[] {
    return this.list(key).map((item) => {
      const value = Number(item);
      if (!/^-?\d+$/.test(item) || value < min || value > max) {
        throw new ArgumentProblem(`${key} item "${item}" must be a whole number from ${min} to ${max}`);
      }
      return value;
    });
  }

  /** `a:1,b:2` → Map a→1, b→2 (integer values). */
  integerPairs(key: string, min = 0, max = 10_000): Map<string, number> {
    const pairs = new Map<string, number>();
    for (const item of this.list(key)) {
      const [name, text, extra] = item.split(':');
      const value = Number(text);
      if (name === undefined || name === '' || text === undefined || extra !== undefined || !/^-?\d+$/.test(text) || value < min || value > max) {
        throw new ArgumentProblem(`${key} item "${item}" must look like name:number (number from ${min} to ${max})`);
      }
      if (pairs.has(name)) throw new ArgumentProblem(`${key} names "${name}" twice`);
      pairs.set(name, value);
    }
    return pairs;
  }

  /** Every argument given must have been read: a typo is an error, not a silent default. */
  assertAllUsed(): void {
    for (const key of this.directive.args.keys()) {
      if (!this.used.has(key)) throw new ArgumentProblem(`"${this.directive.name}" does not take ${key}=`);
    }
  }
}
