import { describe, expect, it } from 'vitest';
import { isRightAnswer } from '../../../src/tutor/screens/quiz-screen.js';
import { createFakeServices, fakeQuiz } from '../support/fake-services.js';
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
    await tutor.press('a');
    expect(tutor.frame()).toContain('question 1/3');
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
