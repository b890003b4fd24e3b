import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Progress } from '../../../src/labs/progress.js';
import { renderMarkdown } from '../../../src/tutor/markdown/render-markdown.js';
import { stripAnsi } from '../../../src/tutor/markdown/text-width.js';
import { isRightAnswer, passStanding, withAnswer } from '../../../src/tutor/screens/quiz-screen.js';
import { createFakeServices, fakeMarkdownQuiz, fakeQuiz, type FakeServices } from '../support/fake-services.js';
import { fits, keys, renderTutor } from '../support/render-tutor.js';

const open = (services = createFakeServices()) => renderTutor({ services, route: { screen: 'quiz' } });

describe('the knowledge check', () => {
  it('asks one question at a time with its choices by key', async () => {
    const tutor = open();
    const frame = await tutor.waitFor('question 1/3');
    expect(frame).toContain('Which partition does key "user-456" land on with 3 partitions?');
    expect(frame).toContain('a) partition 0');
    expect(frame).toContain('c) partition 2');
    expect(frame).not.toContain('toPositive(murmur2');
    expect(fits(frame, 80, 24)).toBe(true);
    tutor.unmount();
  });

  it('a right answer is marked, explained and saved; Enter goes on', async () => {
    const services = createFakeServices();
    const tutor = open(services);
    await tutor.press('c');
    const frame = tutor.frame();
    expect(frame).toContain('✔ Right.');
    expect(frame).toContain('toPositive(murmur2("user-456")) % 3 = 2.');
    expect(frame).toContain('score 1');
    expect(services.progress.labs['02']?.quiz.answers['q1']).toEqual({ correct: true });
    await tutor.press(keys.enter);
    expect(tutor.frame()).toContain('question 2/3');
    tutor.unmount();
  });

  it('a wrong answer shows the right one and the explanation; keys that are no choice do nothing', async () => {
    const services = createFakeServices();
    const tutor = open(services);
    await tutor.press('z');
    expect(tutor.frame()).not.toContain('Not quite');
    await tutor.press('a');
    expect(tutor.frame()).toContain('✘ Not quite: the answer is c.');
    expect(tutor.frame()).toContain('✘ a) partition 0');
    expect(tutor.frame()).toContain('✔ c) partition 2');
    expect(services.progress.labs['02']?.quiz.answers['q1']).toEqual({ correct: false });
    tutor.unmount();
  });

  it('a choose-all question toggles choices and is submitted with Enter; the score is saved at the end', async () => {
    const services = createFakeServices();
    const tutor = open(services);
    await tutor.press('c', keys.enter, 'b', keys.enter);
    expect(tutor.frame()).toContain('Choose all that apply');
    await tutor.press('a', 'b', 'b', 'c');
    expect(tutor.frame()).toContain('› a)');
    await tutor.press(keys.enter);
    expect(tutor.frame()).toContain('✔ Right.');
    await tutor.press(keys.enter);
    expect(tutor.frame()).toContain('Score: 3 of 3');
    expect(services.progress.labs['02']?.quiz.best).toBe(3);
    expect(tutor.frame()).toContain('r start over');
    await tutor.press('r');
    expect(tutor.frame()).toContain('question 1/3 · score 0');
    tutor.unmount();
  });

  it('Enter on the score goes back', async () => {
    const tutor = renderTutor({ services: createFakeServices() });
    await tutor.press('k', 'a', keys.enter, 'a', keys.enter, 'a', keys.enter, keys.enter);
    expect(tutor.frame()).toContain('Score: 0 of 3');
    await tutor.press(keys.enter);
    expect(tutor.frame()).toContain('Lab 02 · Home');
    tutor.unmount();
  });

  it('right means exactly the marked choices', () => {
    const question = fakeQuiz[2]!;
    expect(isRightAnswer(question, ['c', 'a'])).toBe(true);
    expect(isRightAnswer(question, ['a'])).toBe(false);
    expect(isRightAnswer(question, ['a', 'b', 'c'])).toBe(false);
  });
});

/** The fake lab with quiz.md-like questions and the real Markdown renderer. */
function markdownServices(progress?: Progress): FakeServices {
  const services = createFakeServices({ quiz: () => fakeMarkdownQuiz });
  services.renderMarkdown = renderMarkdown;
  if (progress !== undefined) services.progress = progress;
  return services;
}

const withAnswers = (quiz: Progress['labs'][string]['quiz']): Progress => ({ version: 1, labs: { '02': { exercises: {}, quiz, sectionsRead: [] } } });
const lines = (frame: string) => stripAnsi(frame).split('\n');

describe('the knowledge check renders its Markdown', () => {
  it('joins the file\'s line breaks, styles code and emphasis without their marks, and fits 80x24 (colour on)', async () => {
    const tutor = renderTutor({ services: markdownServices(), route: { screen: 'quiz' }, color: true });
    const frame = stripAnsi(await tutor.waitFor('question 1/3'));
    expect(frame).not.toContain('`');
    expect(frame).not.toContain('*');
    expect(frame).toContain('Topic orders has 3 partitions (orders-0, orders-1, ...). Each partition has its');
    expect(frame).toContain('own offsets; copies of a partition are replicas. Which is true?');
    expect(lines(frame).length).toBeLessThanOrEqual(24);
    tutor.unmount();
  });

  it('without colour, code keeps one backtick each side (the renderer\'s plain style) and no asterisks are left', async () => {
    const tutor = open(markdownServices());
    const frame = await tutor.waitFor('question 1/3');
    expect(frame).not.toContain('*');
    expect(frame).toContain('Topic `orders` has 3 partitions (`orders-0`, `orders-1`, ...). Each partition');
    expect(frame).toContain('has its own offsets; copies of a partition are replicas. Which is true?');
    tutor.unmount();
  });

  it('a wrapped choice hangs under its text, after the "a) " key', async () => {
    const tutor = open(markdownServices());
    const rows = lines(await tutor.waitFor('question 1/3'));
    const first = rows.findIndex((row) => row.includes('a) Offset 3 of'));
    expect(first).toBeGreaterThan(0);
    const keyColumn = rows[first]!.indexOf('a) ');
    const continuation = rows[first + 1]!;
    expect(continuation.slice(0, keyColumn + 3).trim()).toBe('');
    expect(continuation.slice(keyColumn + 3)).toMatch(/^\S/);
    expect(continuation).toContain('because each partition numbers its own records from 0.');
    expect(rows[first + 2]).toContain('b) They are the same record, stored twice as replicas.');
    tutor.unmount();
  });

  it('the explanation renders its list; a long one scrolls and the keys stay on screen', async () => {
    const tutor = open(markdownServices());
    await tutor.press('a');
    let frame = tutor.frame();
    expect(frame).toContain('✔ Right.');
    expect(frame).toContain('• the leader of `orders-0` assigns its offsets as it appends;');
    expect(frame).toContain('• replicas copy them unchanged.');
    await tutor.press(keys.enter, 'a');
    frame = tutor.frame();
    expect(lines(frame).length).toBeLessThanOrEqual(24);
    expect(frame).toContain('✘ Not quite: the answer is b.');
    expect(frame).toContain('↑↓ PgUp/PgDn scroll');
    expect(frame).toContain('q quit');
    expect(frame).toMatch(/lines \d+-\d+ of \d+ · ↓ more/);
    expect(frame).not.toContain('Explanation paragraph 24');
    await tutor.press(...Array.from({ length: 8 }, () => '\u001b[6~'));
    frame = tutor.frame();
    expect(frame).toContain('Explanation paragraph 24: a partition is append-only.');
    expect(frame).not.toContain('↓ more');
    expect(lines(frame).length).toBeLessThanOrEqual(24);
    await tutor.press(keys.up);
    expect(tutor.frame()).not.toContain('Explanation paragraph 24');
    await tutor.press(keys.enter);
    expect(tutor.frame()).toContain('question 3/3 · score 1');
    tutor.unmount();
  });
});

describe('the knowledge check resumes', () => {
  it('coming back opens the first unanswered question with the score so far', async () => {
    const services = markdownServices(withAnswers({ answers: { md1: { correct: true }, md2: { correct: false } } }));
    const tutor = open(services);
    const frame = await tutor.waitFor('question 3/3 · score 1');
    expect(frame).toContain('Is a partition an ordered log?');
    expect(frame).toContain('r start over');
    tutor.unmount();
  });

  it('leaving mid-way and coming back goes on where the learner was', async () => {
    const services = markdownServices();
    const first = renderTutor({ services });
    await first.press('k', 'a', keys.enter);
    expect(first.frame()).toContain('question 2/3 · score 1');
    await first.press(keys.escape, 'k');
    expect(first.frame()).toContain('question 2/3 · score 1');
    first.unmount();
    const again = open(services);
    expect(await again.waitFor('question 2/3 · score 1')).toContain('Later the order is paid. What');
    again.unmount();
  });

  it('r asks first, then starts over from question 1 keeping the saved answers until they are given again', async () => {
    const services = markdownServices(withAnswers({ answers: { md1: { correct: true }, md2: { correct: false } }, best: 1 }));
    const tutor = open(services);
    await tutor.waitFor('question 3/3');
    await tutor.press('r');
    expect(tutor.frame()).toContain('Start the knowledge check over from question 1?');
    expect(tutor.frame()).toContain('Esc no, carry on');
    await tutor.press(keys.escape);
    expect(tutor.frame()).toContain('question 3/3 · score 1');
    await tutor.press('r', 'x');
    expect(tutor.frame()).toContain('question 3/3 · score 1');
    await tutor.press('r', 'r');
    expect(tutor.frame()).toContain('question 1/3 · score 0');
    expect(services.progress.labs['02']?.quiz).toEqual({ answers: { md1: { correct: true }, md2: { correct: false } }, best: 1, retake: [] });
    await tutor.press('b', keys.enter);
    expect(tutor.frame()).toContain('question 2/3 · score 0');
    tutor.unmount();
    const back = open(services);
    await back.waitFor('question 2/3 · score 0');
    await back.press('b', keys.enter, 'a');
    expect(services.progress.labs['02']?.quiz).toEqual({ answers: { md1: { correct: false }, md2: { correct: true }, md3: { correct: true } }, best: 2 });
    await back.press(keys.enter);
    expect(back.frame()).toContain('Score: 2 of 3');
    back.unmount();
  });

  it('a finished check opens on its score', async () => {
    const services = markdownServices(withAnswers({ answers: { md1: { correct: true }, md2: { correct: true }, md3: { correct: false } }, best: 2 }));
    const tutor = open(services);
    expect(await tutor.waitFor('Score: 2 of 3')).toContain('Best so far: 2 of 3');
    tutor.unmount();
  });

  it('property: in a retake, the standing is the first unanswered question and the right answers given (seed printed on failure)', () => {
    const questions = fakeMarkdownQuiz;
    fc.assert(
      fc.property(fc.array(fc.boolean(), { maxLength: questions.length }), fc.integer({ min: 0, max: questions.length }), (rights, best) => {
        let quiz: Progress['labs'][string]['quiz'] = { answers: { md1: { correct: true }, md2: { correct: true }, md3: { correct: true } }, best, retake: [] };
        rights.forEach((right, index) => (quiz = withAnswer(questions, quiz, questions[index]!.id, right)));
        const standing = passStanding(questions, quiz);
        const score = rights.filter(Boolean).length;
        expect(standing.score).toBe(score);
        expect(standing.next).toBe(rights.length);
        if (rights.length === questions.length) {
          expect(quiz.retake).toBeUndefined();
          expect(quiz.best).toBe(Math.max(best, score));
        } else expect(quiz.retake).toEqual(questions.slice(0, rights.length).map((question) => question.id));
      }),
      { numRuns: 200 },
    );
  });
});
