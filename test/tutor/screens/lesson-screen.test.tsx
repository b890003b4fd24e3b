import { describe, expect, it } from 'vitest';
import { createFakeServices } from '../support/fake-services.js';
import { fits, keys, renderTutor } from '../support/render-tutor.js';

const open = (sectionIndex = 0, services = createFakeServices()) => renderTutor({ services, route: { screen: 'lesson', sectionIndex } });

describe('the lesson reader', () => {
  it('shows a section rendered to the width, its objective, and where it links', async () => {
    const tutor = open(1);
    const frame = await tutor.waitFor('Which partition');
    expect(frame).toContain('2. Which partition a record goes to  (objective 2)');
    expect(frame).toContain('Partitioning line 1.');
    expect(frame).toContain('g playground: partitioning');
    expect(frame).toContain('x exercise: 01-partitioner');
    expect(frame).toContain('section 2/5');
    expect(fits(frame, 80, 24)).toBe(true);
    tutor.unmount();
  });

  it('↓ and j scroll a line, ↑ back; space pages down and b pages up', async () => {
    const tutor = open(1);
    await tutor.waitFor('Partitioning line 1.');
    await tutor.press(keys.down, 'j');
    expect(tutor.frame()).not.toContain('Partitioning line 2.');
    expect(tutor.frame()).toContain('lines 3-');
    await tutor.press(keys.up);
    expect(tutor.frame()).toContain('Partitioning line 2.');
    await tutor.press(' ');
    expect(tutor.frame()).toContain('lines 20-37 of 40');
    await tutor.press('b');
    expect(tutor.frame()).toContain('lines 2-19 of 40');
    tutor.unmount();
  });

  it('→ and n go to the next section, ← and p back, and reading marks sections read', async () => {
    const services = createFakeServices();
    const tutor = open(0, services);
    await tutor.waitFor('1. Topics');
    await tutor.press(keys.right);
    expect(tutor.frame()).toContain('2. Which partition');
    await tutor.press('n');
    expect(tutor.frame()).toContain('3. The controller');
    await tutor.press(keys.left, 'p');
    expect(tutor.frame()).toContain('1. Topics');
    // "Which partition" is longer than a page and its end was never on screen: not read yet.
    expect(services.progress.labs['02']?.sectionsRead).toEqual(['logs', 'controller']);
    tutor.unmount();
  });

  it('t opens the contents; ↑↓ choose, Enter opens; Esc closes it without leaving the lesson', async () => {
    const tutor = open(0);
    await tutor.waitFor('1. Topics');
    await tutor.press('t');
    expect(tutor.frame()).toContain('Lesson: contents');
    expect(tutor.frame()).toContain('✔ 1. Topics, partitions and offsets');
    await tutor.press(keys.down, keys.down, keys.down, keys.up, keys.enter);
    expect(tutor.frame()).toContain('3. The controller');
    await tutor.press('t', keys.escape);
    expect(tutor.frame()).toContain('3. The controller');
    expect(tutor.frame()).toContain('Lab 02 · Lesson');
    tutor.unmount();
  });

  it("g opens the section's playground and x its exercise", async () => {
    const tutor = open(3);
    await tutor.waitFor('Replication and the high watermark');
    await tutor.press('g');
    await tutor.waitFor('Playground: replication');
    await tutor.press(keys.escape);
    await tutor.waitFor('Lab 02 · Lesson');
    await tutor.press('x');
    expect(tutor.frame()).toContain('Lab 02 · Exercises');
    expect(tutor.frame()).toMatch(/›.*02-high-watermark-and-acks/);
    tutor.unmount();
  });
});

describe('the lesson reader on a wide terminal', () => {
  it('Esc from the playground or the exercise comes back to the same section at the same line', async () => {
    const tutor = open(1);
    await tutor.waitFor('Partitioning line 1.');
    await tutor.press(' ', keys.down);
    const place = /lines \d+-\d+ of 40/.exec(tutor.frame())?.[0];
    expect(place).not.toMatch(/^lines 1-/);
    await tutor.press('g');
    await tutor.waitFor('Playground: partitioning');
    await tutor.press(keys.escape);
    await tutor.waitFor('Lab 02 · Lesson');
    expect(tutor.frame()).toContain('section 2/5');
    expect(tutor.frame()).toContain(place);
    tutor.unmount();
  });

  it('offers g and x only where the section has a playground or an exercise; keys pressed fast all count', async () => {
    const tutor = open(0); // section 1 links to neither
    await tutor.waitFor('1. Topics');
    expect(tutor.frame()).not.toMatch(/g playground|x exercise/);
    await tutor.press('x');
    expect(tutor.frame()).toContain('Lab 02 · Lesson');
    await tutor.press('t', keys.down + keys.down + keys.down, keys.enter);
    expect(tutor.frame()).toContain('4. Replication');
    tutor.unmount();
  });

  it('keeps the contents beside the text, the current section marked', async () => {
    const tutor = renderTutor({ route: { screen: 'lesson', sectionIndex: 2 }, columns: 120, rows: 30 });
    const frame = await tutor.waitFor('The controller');
    expect(frame).toMatch(/^· 1\. Topics, partitions and o… 3\. The controller  \(objective 3\)$/m);
    expect(frame).toMatch(/^› 3\. The controller$/m);
    expect(frame).toMatch(/^· 4\. Replication and the high…$/m);
    expect(fits(frame, 120, 30)).toBe(true);
    await tutor.press(keys.right);
    expect(tutor.frame()).toMatch(/✔ 3\. The controller/);
    expect(tutor.frame()).toMatch(/› 4\. Replication/);
    tutor.unmount();
  });
});
