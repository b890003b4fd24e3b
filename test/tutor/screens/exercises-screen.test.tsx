import { describe, expect, it } from 'vitest';
import { hintOrder } from '../../../src/tutor/services/report-lines.js';
import { createFakeServices, fakeExercises } from '../support/fake-services.js';
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
    expect(tutor.frame()).toContain('02-high-watermark-and-acks: labs/02-architecture/exercises/02-high-watermark-an…');
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
    expect(tutor.frame()).toContain("Hint 1/3: 01-partitioner: compare with the lesson's pseudocode");
    await tutor.press('h');
    expect(tutor.frame()).toContain('Hint 2/3: 01-partitioner: first read the header comment');
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
