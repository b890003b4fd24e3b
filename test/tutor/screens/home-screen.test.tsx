import { describe, expect, it } from 'vitest';
import { createFakeServices } from '../support/fake-services.js';
import { fits, keys, renderTutor } from '../support/render-tutor.js';

class LessonFileError extends Error {
  constructor(readonly file: string, readonly line: number, message: string) {
    super(message);
  }
}

describe('the home screen', () => {
  it('shows the five objectives with progress per objective and what to do next', async () => {
    const services = createFakeServices();
    services.progress = {
      version: 1,
      labs: { '02': { exercises: { '01-partitioner': { status: 'passed', hintsShown: 0 } }, quiz: { answers: { q1: { correct: true } } }, sectionsRead: ['logs', 'partitioning'] } },
    };
    const tutor = renderTutor({ services });
    const frame = await tutor.waitFor('Learning objectives');
    expect(frame).toMatch(/✔ ■■■■■ 1\/1 +1\. Name the core components/);
    // Objective 2: section read, exercise 01 passed, q1 right = 3 of 3.
    expect(frame).toMatch(/✔ ■■■■■ 3\/3 +2\. Assign records/);
    expect(frame).toMatch(/○ □□□□□ 0\/2 +3\./);
    expect(frame).toContain('› Read "The controller" in the lesson');
    expect(frame).toContain('exercises 1/6');
    expect(fits(frame, 80, 24)).toBe(true);
    tutor.unmount();
  });

  it('n does the next thing; l p e k open the lesson, the playgrounds, the exercises and the quiz', async () => {
    const tutor = renderTutor();
    await tutor.waitFor('Home');
    const expectations: Array<[string, string]> = [
      ['n', '1. Topics, partitions and offsets'],
      ['l', 'Lab 02 · Lesson'],
      ['p', 'Lab 02 · Playgrounds'],
      ['e', 'Lab 02 · Exercises'],
      ['k', 'Lab 02 · Knowledge check'],
    ];
    for (const [key, title] of expectations) {
      await tutor.press(key);
      expect(tutor.frame()).toContain(title);
      await tutor.press(keys.escape);
      expect(tutor.frame()).toContain('Lab 02 · Home');
    }
    tutor.unmount();
  });

  it('a broken lesson or quiz file is named with its line, and the rest of the tutor still works', async () => {
    const services = createFakeServices({
      lesson: () => {
        throw new LessonFileError('lessons/02-architecture/lesson.md', 12, 'a section has no objective');
      },
      quiz: () => {
        throw new LessonFileError('lessons/02-architecture/quiz.md', 7, 'question q3 marks no right answer');
      },
    });
    const tutor = renderTutor({ services });
    const frame = (await tutor.waitFor('could not be read')).split('\n').join(' ');
    expect(frame).toContain('lessons/02-architecture/lesson.md:12: a section has no objective');
    expect(frame).toContain('lessons/02-architecture/quiz.md:7: question q3 marks no right answer');
    await tutor.press('k');
    expect(tutor.frame()).toContain('Lab 02 · Home');
    await tutor.press('e');
    expect(tutor.frame()).toContain('Lab 02 · Exercises');
    tutor.unmount();
  });

  it('says so when the progress file was corrupt and set aside', async () => {
    const services = createFakeServices();
    services.readProgress = () => ({ progress: { version: 1, labs: {} }, warning: 'progress.json was corrupt; kept as progress.json.corrupt-1' });
    const tutor = renderTutor({ services });
    expect(await tutor.waitFor('corrupt')).toContain('! progress.json was corrupt; kept as progress.json.corrupt-1');
    tutor.unmount();
  });
});

describe('what to do next', () => {
  it('after every section, exercise and question, a wrong answer sends the learner back to the quiz', async () => {
    const services = createFakeServices();
    const exercises = Object.fromEntries(['01-partitioner', '02-high-watermark-and-acks', '03-isr', '04-leader-election', '05-kraft-vote', '06-range-assignor'].map((id) => [id, { status: 'passed' as const, hintsShown: 0 }]));
    services.progress = {
      version: 1,
      labs: { '02': { exercises, quiz: { answers: { q1: { correct: true }, q2: { correct: false }, q3: { correct: true } } }, sectionsRead: ['logs', 'partitioning', 'controller', 'replication', 'flow'] } },
    };
    const tutor = renderTutor({ services });
    expect(await tutor.waitFor('Next')).toContain('Take the knowledge check again: 1 answer was wrong');
    await tutor.press('n');
    expect(tutor.frame()).toContain('Lab 02 · Knowledge check');
    tutor.unmount();
  });
});

describe('a progress file that cannot be written', () => {
  it('keeps the progress in memory and says so', async () => {
    const services = createFakeServices();
    services.updateProgress = () => {
      throw new Error('EROFS: read-only file system');
    };
    const tutor = renderTutor({ services });
    await tutor.press('l');
    await tutor.waitFor('1. Topics');
    await tutor.press(keys.escape);
    const frame = (await tutor.waitFor('could not be saved')).split('\n').join(' ');
    expect(frame).toContain('EROFS: read-only file system');
    expect(frame).toMatch(/✔ ■■■■■ 1\/1 +1\. Name the core components/);
    tutor.unmount();
  });
});
