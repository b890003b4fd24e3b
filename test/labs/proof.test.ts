/**
 * The proof that every lab 02 exercise is trustworthy (design.md, "Labs"): its checks fail on the
 * pristine starter, pass on the reference solution, and catch every known-wrong version, each with
 * the checks named in test/labs/wrong/. Runs in-process on the same checks the learner's runner
 * and vitest files use; the runner's own worker is tested in runner.test.ts.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { labs } from '../../src/labs/catalog.js';
import type { ExerciseDefinition } from '../../src/labs/exercise.js';
import { lab02Exercises } from '../../src/labs/lab02/index.js';
import { runChecks } from '../../src/labs/run-checks.js';
import * as starter01 from '../../labs/02-architecture/starters/01-partitioner/partitioner.js';
import * as starter02 from '../../labs/02-architecture/starters/02-high-watermark-and-acks/high-watermark-and-acks.js';
import * as starter03 from '../../labs/02-architecture/starters/03-isr/isr.js';
import * as starter04 from '../../labs/02-architecture/starters/04-leader-election/leader-election.js';
import * as starter05 from '../../labs/02-architecture/starters/05-kraft-vote/kraft-vote.js';
import * as starter06 from '../../labs/02-architecture/starters/06-range-assignor/range-assignor.js';
import * as solution01 from '../../labs/02-architecture/solutions/01-partitioner/partitioner.js';
import * as solution02 from '../../labs/02-architecture/solutions/02-high-watermark-and-acks/high-watermark-and-acks.js';
import * as solution03 from '../../labs/02-architecture/solutions/03-isr/isr.js';
import * as solution04 from '../../labs/02-architecture/solutions/04-leader-election/leader-election.js';
import * as solution05 from '../../labs/02-architecture/solutions/05-kraft-vote/kraft-vote.js';
import * as solution06 from '../../labs/02-architecture/solutions/06-range-assignor/range-assignor.js';
import { wrongPartitioners } from './wrong/01-partitioner.js';
import { wrongHighWatermarkAndAcks } from './wrong/02-high-watermark-and-acks.js';
import { wrongIsr } from './wrong/03-isr.js';
import { wrongLeaderElections } from './wrong/04-leader-election.js';
import { wrongVotes } from './wrong/05-kraft-vote.js';
import { wrongRangeAssignors } from './wrong/06-range-assignor.js';
import type { KnownWrong } from './wrong/known-wrong.js';

interface Trio {
  readonly starter: object;
  readonly solution: object;
  readonly wrong: readonly KnownWrong<object>[];
}

const byExercise: Record<string, Trio> = {
  '01-partitioner': { starter: starter01, solution: solution01, wrong: wrongPartitioners },
  '02-high-watermark-and-acks': { starter: starter02, solution: solution02, wrong: wrongHighWatermarkAndAcks },
  '03-isr': { starter: starter03, solution: solution03, wrong: wrongIsr },
  '04-leader-election': { starter: starter04, solution: solution04, wrong: wrongLeaderElections },
  '05-kraft-vote': { starter: starter05, solution: solution05, wrong: wrongVotes },
  '06-range-assignor': { starter: starter06, solution: solution06, wrong: wrongRangeAssignors },
};

function failedIds(definition: ExerciseDefinition<never>, module: object): string[] {
  return runChecks(definition, module as Record<string, unknown>)
    .filter((test) => test.status === 'failed')
    .map((test) => test.broken?.id ?? test.name);
}

describe('lab 02: the catalogue and the checks agree', () => {
  it('lists the same exercises, in the same order, as the check definitions', () => {
    const lab = labs.find((entry) => entry.id === '02')!;
    expect(lab.exercises.map((exercise) => [exercise.id, exercise.title])).toEqual(lab02Exercises.map((exercise) => [exercise.id, exercise.title]));
  });

  for (const definition of lab02Exercises) {
    it(`${definition.id} has at least 3 hints, and every hintFor points at a check and a hint`, () => {
      expect(definition.hints.length).toBeGreaterThanOrEqual(3);
      const ids = definition.checks.map((check) => check.id);
      expect(new Set(ids).size).toBe(ids.length);
      for (const [id, hint] of Object.entries(definition.hintFor)) {
        expect(ids).toContain(id);
        expect(definition.hints[hint]).toBeDefined();
      }
    });
  }
});

for (const definition of lab02Exercises) {
  const trio = byExercise[definition.id]!;
  describe(`exercise ${definition.id}`, () => {
    it('every check fails against the starter', () => {
      expect(failedIds(definition, trio.starter)).toEqual(definition.checks.map((check) => check.id));
    });

    it('every check passes against the reference solution', () => {
      const results = runChecks(definition, trio.solution as Record<string, unknown>);
      expect(results.filter((test) => test.status === 'failed').map((test) => `${test.name}: ${test.message}`)).toEqual([]);
    });

    it('has at least 3 known-wrong versions', () => {
      expect(trio.wrong.length).toBeGreaterThanOrEqual(3);
    });

    for (const wrong of trio.wrong) {
      it(`catches ${wrong.name} (${wrong.mistake}) with ${wrong.caughtBy.join(', ')}`, () => {
        const failed = failedIds(definition, wrong.impl);
        expect(failed.length, 'no check caught it').toBeGreaterThan(0);
        for (const id of wrong.caughtBy) expect(failed, `check ${id} should catch ${wrong.name}`).toContain(id);
      });
    }
  });
}

describe("lab 02's README", () => {
  it('lists every known-wrong version with the checks that catch it, as test/labs/wrong/ does', () => {
    const readme = readFileSync(new URL('../../labs/02-architecture/README.md', import.meta.url), 'utf8');
    const rows = [...readme.matchAll(/^\| (\d\d) \| [^|]+ \| ([a-z0-9-, ]+) \|$/gm)].map((match) => `${match[1]}: ${match[2]!.trim()}`);
    const expected = lab02Exercises.flatMap((definition) => byExercise[definition.id]!.wrong.map((wrong) => `${definition.id.slice(0, 2)}: ${wrong.caughtBy.join(', ')}`));
    expect(rows).toEqual(expected);
  });
});
