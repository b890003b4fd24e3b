import { describe, expect, it } from 'vitest';
import { hintLabel, hintOrder } from '../../../src/tutor/services/report-lines.js';
import { compileErrorReport, createFakeServices, fakeExercises, longFailureReport, starterReport } from '../support/fake-services.js';
import { fits, keys, renderTutor } from '../support/render-tutor.js';

const open = (services = createFakeServices(), exerciseId?: string) => renderTutor({ services, route: { screen: 'exercises', exerciseId } });

describe('the exercises screen', () => {
  it('lists the six exercises with a status glyph each; ↑↓ choose', async () => {
    const tutor = open();
    const frame = await tutor.waitFor('01-partitioner');
    for (const exercise of fakeExercises) expect(frame).toContain(`○ ${exercise.id}`);
    expect(frame).toMatch(/› ○ 01-partitioner/);
    await tutor.press(keys.down, keys.down, keys.up);
    expect(tutor.frame()).toMatch(/› ○ 02-high-watermark-and-acks/);
    // The path wraps to the width, whole, instead of ending in "…".
    expect(tutor.frame()).toContain('02-high-watermark-and-acks:\nlabs/02-architecture/exercises/02-high-watermark-and-acks.ts');
    expect(fits(tutor.frame(), 80, 24)).toBe(true);
    tutor.unmount();
  });

  it('Enter runs the chosen exercise and shows the failure as the runner reports it, with the replay seed', async () => {
    const services = createFakeServices();
    const tutor = open(services);
    await tutor.press(keys.enter);
    expect(await tutor.waitFor('Replay: 01-partitioner')).toContain('broke at step 9');
    await tutor.press(keys.escape);
    const frame = await tutor.waitFor('tests fail');
    expect(frame).toContain('✘ 1 of 2 tests fail');
    expect(frame).toContain('✘ 01-partitioner: the promise holds');
    expect(frame).toContain('the 01-partitioner promise broke');
    expect(frame).toContain('replay seed 42');
    expect(frame).toMatch(/› ✘ 01-partitioner/);
    expect(services.calls).toEqual(['run 01-partitioner']);
    expect(services.progress.labs['02']?.exercises['01-partitioner']?.status).toBe('failing');
    tutor.unmount();
  });

  it('h shows hints one at a time, the hint for the promise that failed first', async () => {
    const services = createFakeServices();
    const tutor = open(services);
    await tutor.press(keys.enter);
    await tutor.waitFor('Replay:');
    await tutor.press(keys.escape);
    await tutor.waitFor('tests fail');
    await tutor.press('h');
    // Offered first because its promise broke, and numbered as in the ladder (npm run lab 02 -- hint 01 3).
    expect(tutor.frame()).toContain("Hint for the broken promise (3 of 3): 01-partitioner: compare with the lesson's\npseudocode");
    await tutor.press('h');
    expect(tutor.frame()).toContain('Hint 1 of 3: 01-partitioner: first read the header comment');
    await tutor.press('h', 'h');
    expect(tutor.frame()).toContain('No more hints: s shows the solution.');
    expect(services.progress.labs['02']?.exercises['01-partitioner']?.hintsShown).toBe(3);
    tutor.unmount();
  });

  it('the hint order follows the broken promise, then the ladder', () => {
    const exercise = { ...fakeExercises[0]!, hintFor: { 'wrong-partition': 1 } };
    const report = {
      labId: '02',
      exerciseId: exercise.id,
      durationMs: 1,
      outcome: { kind: 'failed' as const, tests: [{ name: 't', status: 'failed' as const, broken: { id: 'wrong-partition', summary: 's', trace: [] } }] },
    };
    expect(hintOrder(exercise, report)).toEqual([1, 0, 2]);
    expect(hintOrder(exercise, undefined)).toEqual([0, 1, 2]);
    // Labelled by place in the ladder, as `npm run lab 02 -- hint 01 2` prints "Hint 2 of 3".
    expect(hintLabel(exercise, report, 1)).toBe('Hint for the broken promise (2 of 3)');
    expect(hintLabel(exercise, report, 0)).toBe('Hint 1 of 3');
    expect(hintLabel(exercise, undefined, 1)).toBe('Hint 2 of 3');
  });

  it('a failing run opens as a replay; v opens it again stopped where the promise broke, with the call; ←→ scrub; Esc closes', async () => {
    const tutor = open();
    await tutor.press('v');
    expect(tutor.frame()).toContain('Nothing to replay');
    await tutor.press(keys.enter);
    await tutor.waitFor('Replay:');
    await tutor.press(keys.escape);
    await tutor.waitFor('tests fail');
    await tutor.press('v');
    let frame = tutor.frame();
    expect(frame).toContain('Replay: 01-partitioner');
    expect(frame).toContain('replay: step 9 of 12, broke at step 9 · seed 42');
    expect(frame).toContain('Your decide() at step 9');
    expect(frame).toContain('inputs {"exercise":"01-partitioner","step":9}');
    expect(frame).toContain('output "wrong"');
    await tutor.press(keys.left, keys.left);
    expect(tutor.frame()).toContain('step 7 of 12');
    await tutor.press(keys.end);
    expect(tutor.frame()).toContain('step 12 of 12');
    await tutor.press(keys.home);
    expect(tutor.frame()).toContain('step 1 of 12');
    await tutor.press(keys.right, 'b');
    expect(tutor.frame()).toContain('step 9 of 12');
    frame = tutor.frame();
    expect(fits(frame, 80, 24)).toBe(true);
    await tutor.press(keys.escape);
    expect(tutor.frame()).toContain('Lab 02 · Exercises');
    expect(tutor.frame()).not.toContain('Replay:');
    tutor.unmount();
  });

  it('s asks first, then puts the solution in place keeping a copy, and re-runs: it passes', async () => {
    const services = createFakeServices();
    const tutor = open(services);
    await tutor.press('s');
    expect(tutor.frame()).toContain('Replace labs/02-architecture/exercises/01-partitioner.ts with the solution?');
    await tutor.press('n');
    expect(services.calls).toEqual([]);
    await tutor.press('s', keys.escape);
    expect(tutor.frame()).toContain('Lab 02 · Exercises');
    await tutor.press('s', 'y');
    const frame = await tutor.waitFor('all 2 tests pass');
    expect(frame).toContain('kept as .workbook/backups/01-partitioner.ts');
    expect(frame).toMatch(/› ✔ 01-partitioner/);
    expect(services.calls).toEqual(['solution 01-partitioner', 'run 01-partitioner']);
    tutor.unmount();
  });

  it('x asks first, then restores the starter keeping a copy', async () => {
    const services = createFakeServices();
    services.solved.add('01-partitioner');
    const tutor = open(services);
    await tutor.press('x');
    expect(tutor.frame()).toContain('Put the starter back in labs/02-architecture/exercises/01-partitioner.ts?');
    await tutor.press('y');
    await tutor.waitFor('Replay:');
    await tutor.press(keys.escape);
    await tutor.waitFor('tests fail');
    expect(services.calls).toEqual(['reset 01-partitioner', 'run 01-partitioner']);
    tutor.unmount();
  });

  it('w watches: each save re-runs and redraws; w again stops watching', async () => {
    const services = createFakeServices();
    const tutor = open(services, '03-isr');
    await tutor.press('w');
    expect(tutor.frame()).toContain('[watching]');
    services.save('03-isr');
    await tutor.waitFor('tests fail');
    services.solved.add('03-isr');
    services.save('03-isr');
    await tutor.waitFor('all 2 tests pass');
    await tutor.press('w');
    expect(tutor.frame()).not.toContain('[watching]');
    expect(services.calls).toEqual(['watch 03-isr', 'unwatch 03-isr']);
    tutor.unmount();
  });

  it('a runs every exercise with progress on screen', async () => {
    const services = createFakeServices();
    services.solved.add('06-range-assignor');
    const tutor = open(services);
    await tutor.press('a');
    const frame = await tutor.waitFor('Ran all 6: 1 pass.');
    expect(frame).toContain('1/6 pass');
    expect(frame).toMatch(/✔ 06-range-assignor/);
    tutor.unmount();
  });

  it('survives a runner that throws: the message is shown and the screen keeps working', async () => {
    const tutor = open(createFakeServices({ runFails: true }));
    await tutor.press(keys.enter);
    expect(await tutor.waitFor('failed:')).toContain('Running 01-partitioner failed: the test worker died');
    await tutor.press(keys.down);
    expect(tutor.frame()).toMatch(/› ○ 02-high-watermark-and-acks/);
    tutor.unmount();
  });
});

describe('exercises that cannot be listed', () => {
  it('are named as the problem, on home and on the exercises screen, and the tutor keeps working', async () => {
    const services = createFakeServices();
    services.listExercises = () => {
      throw Object.assign(new Error('exercise 03-isr names a file that does not exist'), { file: 'labs/02-architecture/lab.json', line: 14 });
    };
    const tutor = renderTutor({ services });
    expect((await tutor.waitFor('could not be listed')).split('\n').join(' ')).toContain('labs/02-architecture/lab.json:14: exercise 03-isr names a file');
    await tutor.press('e');
    expect(tutor.frame()).toContain('Lab 02 · Exercises');
    expect(tutor.frame()).toContain('could not be listed');
    await tutor.press(keys.escape);
    await tutor.waitFor('Lab 02 · Home');
    await tutor.press('p');
    expect(tutor.frame()).toContain('Lab 02 · Playgrounds');
    tutor.unmount();
  });
});

describe('the exercises screen in 80x24, with real-sized failures', () => {
  const longHints = fakeExercises.map((exercise) =>
    exercise.id === '01-partitioner'
      ? {
          ...exercise,
          hints: [
            'Read the header comment of partitioner.ts: it says which Kafka class each function mirrors.',
            'keyBytes is what StringSerializer writes: the UTF-8 bytes of the key, not its UTF-16 code units.',
            'murmur2: seed 0x9747b28c, m = 0x5bd1e995, r = 24. h = seed ^ length; then four bytes at a time, little-endian: k *= m; k ^= k >>> r; k *= m; h *= m; h ^= k. Use Math.imul for every multiplication.',
            'toPositive(n) is n & 0x7fffffff: it clears the sign bit. Math.abs differs for negative numbers and overflows for -2^31.',
            'partitionForKey is toPositive(murmur2(keyBytes(key))) % numPartitions.',
          ],
          hintFor: { 'same-key-same-partition': 1 },
        }
      : exercise,
  );
  const withReports = (reports: Record<string, ReturnType<typeof starterReport>>, runDelayMs = 0) => {
    const services = createFakeServices({ reports, runDelayMs });
    services.listExercises = () => longHints;
    return services;
  };

  it("the starter's failure fits: the list, the selected row and the keys stay; the detail scrolls with a more marker; no replay opens", async () => {
    const tutor = open(withReports({ '01-partitioner': starterReport() }));
    await tutor.press(keys.enter);
    let frame = await tutor.waitFor('6 of 6 tests fail');
    expect(frame).not.toContain('Replay:');
    expect(fits(frame, 80, 24)).toBe(true);
    expect(frame).toContain('Lab 02 · Exercises');
    expect(frame).toMatch(/› ✘ 01-partitioner/);
    expect(frame).toContain('01-partitioner: labs/02-architecture/exercises/01-partitioner.ts\n✘ 6 of 6 tests fail (3.4 s)');
    expect(frame).toMatch(/↓ \d+ more below \(PgUp\/PgDn\)/);
    expect(frame).toContain('PgUp/PgDn scroll');
    expect(frame).toContain('q quit');
    await tutor.press('\u001b[6~', '\u001b[6~', '\u001b[6~');
    frame = tutor.frame();
    expect(fits(frame, 80, 24)).toBe(true);
    expect(frame).toContain('replay seed 11');
    expect(frame).toMatch(/↑ \d+ more above/);
    // h shows the hint at once, in view, wrapped whole (not cut with "…").
    await tutor.press('h', 'h', 'h');
    frame = tutor.frame();
    expect(fits(frame, 80, 24)).toBe(true);
    expect(frame).toMatch(/› ✘ 01-partitioner/);
    expect(frame.split('\n').join(' ')).toContain(
      'Hint 3 of 5: murmur2: seed 0x9747b28c, m = 0x5bd1e995, r = 24. h = seed ^ length; then four bytes at a time, little-endian: k *= m; k ^= k >>> r; k *= m; h *= m; h ^= k. Use Math.imul for every multiplication.',
    );
    // v still opens the scenario on request, and the replay fits too.
    await tutor.press('v');
    frame = tutor.frame();
    expect(frame).toContain('Replay: 01-partitioner');
    expect(fits(frame, 80, 24)).toBe(true);
    tutor.unmount();
  });

  it('the broken promise hint is offered first, labelled by its place in the ladder', async () => {
    const tutor = open(withReports({ '01-partitioner': starterReport() }));
    await tutor.press(keys.enter);
    await tutor.waitFor('6 of 6 tests fail');
    await tutor.press('h');
    const frame = tutor.frame().split('\n').join(' ');
    expect(frame).toContain('Hint for the broken promise (2 of 5): keyBytes is what StringSerializer writes');
    expect(frame).not.toContain('Hint 1 of 5');
    tutor.unmount();
  });

  it('a broken promise opens the replay; its long failure wraps and the status row sits under it, nothing overlaps', async () => {
    const tutor = open(withReports({ '01-partitioner': longFailureReport() }));
    await tutor.press(keys.enter);
    let frame = await tutor.waitFor('Replay: 01-partitioner');
    expect(fits(frame, 80, 24)).toBe(true);
    const lines = frame.split('\n');
    const status = lines.findIndex((line) => line.startsWith('replay: step 16 of 16'));
    expect(status).toBeGreaterThan(2);
    expect(lines.slice(1, status).join(' ')).toContain("Java's Utils.toPositive gives 679256121 for its murmur2 hash and 679256121 % 6 = 3");
    expect(lines.slice(1, status).join(' ')).toContain('stay in order');
    expect(frame).toContain('Your partitionForKey() at step 16');
    expect(frame).toContain('output 4');
    await tutor.press(keys.escape);
    frame = await tutor.waitFor('1 of 1 tests fail');
    expect(fits(frame, 80, 24)).toBe(true);
    // The message wraps under its indent: read as one text, it is all there.
    expect(frame.replace(/\s+/g, ' ')).toContain("Java's Utils.toPositive gives 679256121 for its murmur2 hash and 679256121 % 6 = 3: the partition must be 3");
    tutor.unmount();
  });

  it('a compile error shows the path from the project with line:column, opens no replay, and v says why', async () => {
    const tutor = open(withReports({ '06-range-assignor': compileErrorReport() }), '06-range-assignor');
    await tutor.press(keys.enter);
    let frame = await tutor.waitFor('does not compile');
    expect(frame).not.toContain('Replay:');
    expect(frame.split('\n').join(' ')).toContain('labs/02-architecture/exercises/06-range-assignor/range-assignor.ts:41:17');
    expect(frame).toContain("Type 'string' is not assignable to type 'number'.");
    await tutor.press('v');
    frame = tutor.frame();
    expect(frame).toContain('Nothing to replay: the file does not compile: fix it first.');
    expect(fits(frame, 80, 24)).toBe(true);
    tutor.unmount();
  });

  it('a run in progress shows the seconds against the limit', async () => {
    const tutor = open(withReports({}, 1_500));
    await tutor.press(keys.enter);
    expect(tutor.frame()).toContain('Running the tests… 0 s of 10 s');
    expect(await tutor.waitFor('Running the tests… 1 s of 10 s', 1_400)).toMatch(/› … 01-partitioner/);
    await tutor.waitFor('Replay:', 2_000);
    tutor.unmount();
  });

  it('w shows the run at once, not "Not run in this session"', async () => {
    const tutor = open(withReports({}, 300), '03-isr');
    await tutor.press('w');
    const frame = tutor.frame();
    expect(frame).toContain('[watching]');
    expect(frame).toContain('Running the tests… 0 s of 10 s');
    expect(frame).not.toContain('Not run in this session');
    expect(await tutor.waitFor('tests fail')).not.toContain('Running the tests');
    tutor.unmount();
  });

  it('fits with a question or a notice under a long failure, and after running all', async () => {
    const reports = Object.fromEntries(fakeExercises.map((exercise) => [exercise.id, starterReport(exercise.id)]));
    const tutor = open(withReports(reports));
    await tutor.press(keys.enter);
    await tutor.waitFor('6 of 6 tests fail');
    await tutor.press('s');
    let frame = tutor.frame();
    expect(fits(frame, 80, 24)).toBe(true);
    expect(frame).toContain('Replace labs/02-architecture/exercises/01-partitioner.ts with the solution? Your');
    expect(frame).toContain('y yes');
    await tutor.press('n', 'a');
    frame = await tutor.waitFor('Ran all 6: 0 pass.');
    expect(fits(frame, 80, 24)).toBe(true);
    expect(frame).toMatch(/› ✘ 01-partitioner/);
    expect(frame).toMatch(/↓ \d+ more below/);
    tutor.unmount();
  });

  it('a timeout names the same limit as --check', async () => {
    const timeout = { labId: '02', exerciseId: '03-isr', outcome: { kind: 'timeout' as const, afterMs: 10_000 }, durationMs: 10_000 };
    const tutor = open(withReports({ '03-isr': timeout }), '03-isr');
    await tutor.press(keys.enter);
    expect(await tutor.waitFor('did not finish')).toContain('✘ did not finish in 10 s: the runner stopped it. Does a loop never end?');
    tutor.unmount();
  });
});
