/**
 * The layering the project promises (README "How the project is laid out", src/kafka/step.ts):
 * the reference Kafka is pure state machines that know nothing of the runtimes, tools and lessons
 * built around them, and read no clock, draw no randomness and touch no I/O of their own. The
 * simulator sits below the command-line tools. These tests read the source text; a failure lists
 * every offending file and line.
 */
import { describe, expect, it } from 'vitest';
import { callsOf, importsOf, readSource, resolveSpecifier, sourceViews, typescriptFiles } from './source-text.js';

interface Offence {
  readonly file: string;
  readonly line: number;
  readonly what: string;
}

const describeOffences = (offences: readonly Offence[]): string[] => offences.map(({ file, line, what }) => `${file}:${line}: ${what}`);

/** Imports from `files` whose relative path resolves under one of `forbiddenFolders`. */
function importsInto(files: readonly string[], forbiddenFolders: readonly string[]): string[] {
  const offences: Offence[] = [];
  for (const file of files) {
    for (const { specifier, line } of importsOf(readSource(file))) {
      const target = resolveSpecifier(file, specifier);
      const folder = target === undefined ? undefined : forbiddenFolders.find((forbidden) => target === forbidden || target.startsWith(`${forbidden}/`));
      if (folder !== undefined) offences.push({ file, line, what: `imports '${specifier}' (${folder})` });
    }
  }
  return describeOffences(offences);
}

const KAFKA_FILES = typescriptFiles('src/kafka');
const SIM_FILES = typescriptFiles('src/sim');

/** Node modules that reach the file system, the network, timers, other processes or randomness. */
const IO_MODULES = [
  'fs',
  'fs/promises',
  'net',
  'timers',
  'timers/promises',
  'dgram',
  'dns',
  'http',
  'http2',
  'https',
  'tls',
  'child_process',
  'worker_threads',
  'cluster',
  'readline',
  'crypto',
];

/** Clocks, randomness and timers a machine must get from its runtime (StepContext) instead. */
const FORBIDDEN_CALLS = [
  /\bDate\.now\s*\(/,
  /\bnew\s+Date\s*\(/,
  /\bperformance\.now\s*\(/,
  /\bprocess\.hrtime\b/,
  /\bMath\.random\s*\(/,
  /\bcrypto\.(?:getRandomValues|randomUUID)\s*\(/,
  /\bsetTimeout\s*\(/,
  /\bsetInterval\s*\(/,
  /\bsetImmediate\s*\(/,
];

describe('the source scanner these tests rely on', () => {
  const sample = [
    "import { a } from './a.js';",
    'import type {',
    '  B,',
    "} from '../b.js';",
    "export { c } from './c.js';",
    "export * from './d.js';",
    "// import { old } from '../../sim/old.js';",
    "/* import('./commented.js') */",
    "const lazy = await import('./e.js'); const quoted = \"import { f } from './f.js'\";",
    "const url = 'http://example.com'; const t = Date.now();",
    "const words = 'Date.now() in a string'; const pattern = /'\\/\\//.test(url);",
    'const template = `Math.random() ${setTimeout(f, 1)} text`;',
    '/** Never calls Math.random(). */',
    'const ratio = total / count; setInterval(tick, ratio);',
  ].join('\n');

  it('finds every import form and ignores commented-out ones and ones quoted in strings', () => {
    expect(importsOf(sample)).toEqual([
      { specifier: './a.js', line: 1 },
      { specifier: '../b.js', line: 4 },
      { specifier: './c.js', line: 5 },
      { specifier: './d.js', line: 6 },
      { specifier: './e.js', line: 9 },
    ]);
  });

  it('finds calls in code, not in comments, strings or regular expressions, and keeps line numbers', () => {
    expect(callsOf(sample, FORBIDDEN_CALLS)).toEqual([
      { call: 'Date.now(', line: 10 },
      { call: 'setTimeout(', line: 12 },
      { call: 'setInterval(', line: 14 },
    ]);
    const { withoutComments, codeOnly } = sourceViews(sample);
    expect(withoutComments).toHaveLength(sample.length);
    expect(codeOnly.split('\n')).toHaveLength(sample.split('\n').length);
  });

  it('sees the real tree: src/kafka has files and imports to check', () => {
    expect(KAFKA_FILES.length).toBeGreaterThan(40);
    const imports = KAFKA_FILES.flatMap((file) => importsOf(readSource(file)));
    expect(imports.length).toBeGreaterThan(100);
  });
});

describe('src/kafka is the reference Kafka and nothing else', () => {
  it('imports nothing from the simulator, the tutor, the labs, the wire codec or the CLI', () => {
    expect(importsInto(KAFKA_FILES, ['src/sim', 'src/tutor', 'src/labs', 'src/wire', 'src/cli'])).toEqual([]);
  });

  it('imports no Node module that does I/O, keeps time or draws randomness (fs, net, timers, ...)', () => {
    const offences: Offence[] = [];
    for (const file of KAFKA_FILES) {
      for (const { specifier, line } of importsOf(readSource(file))) {
        const name = specifier.replace(/^node:/, '');
        if (IO_MODULES.some((module) => name === module || name.startsWith(`${module}/`))) offences.push({ file, line, what: `imports '${specifier}'` });
      }
    }
    expect(describeOffences(offences)).toEqual([]);
  });

  it('reads no clock, draws no randomness and sets no timer: no Date.now(, Math.random(, setTimeout(, setInterval( in its code', () => {
    const offences: Offence[] = [];
    for (const file of KAFKA_FILES) {
      for (const { call, line } of callsOf(readSource(file), FORBIDDEN_CALLS)) offences.push({ file, line, what: `calls ${call}` });
    }
    expect(describeOffences(offences)).toEqual([]);
  });
});

describe('src/sim sits below the command-line tools', () => {
  it('never imports from src/cli', () => {
    expect(SIM_FILES.length).toBeGreaterThan(10);
    expect(importsInto(SIM_FILES, ['src/cli'])).toEqual([]);
  });
});

describe('benchmarks stay out of npm test', () => {
  it('no test file imports from bench/ (vitest only collects test/**/*.test.ts)', () => {
    expect(importsInto(typescriptFiles('test'), ['bench'])).toEqual([]);
  });
});
