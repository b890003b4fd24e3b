/**
 * The knowledge check: one question at a time, a choice by its letter, the explanation once
 * answered, and the score saved (each answer as it is given, the best score at the end).
 */
import { Text } from 'ink';
import { useState } from 'react';
import type { QuizQuestion } from '../../lessons/lesson-types.js';
import { useTutor } from '../app/tutor-context.js';
import { Frame } from '../components/frame.js';
import type { KeyHint } from '../components/key-hint.js';
import { Toned } from '../components/toned.js';
import { useScreenInput } from '../hooks/use-screen-input.js';
import { glyphs } from '../theme/theme.js';

export function isRightAnswer(question: QuizQuestion, chosen: readonly string[]): boolean {
  const right = [...question.answers].sort().join(',');
  return [...chosen].sort().join(',') === right;
}

export function QuizScreen() {
  const { quiz } = useTutor();
  if (!quiz.ok) {
    return (
      <Frame title="Knowledge check" keys={[]}>
        <Toned tone="failed" wrap="wrap">{`${glyphs.failed} The knowledge check could not be read: ${quiz.message}`}</Toned>
      </Frame>
    );
  }
  return <QuizRunner questions={quiz.value} />;
}

function QuizRunner({ questions }: { readonly questions: readonly QuizQuestion[] }) {
  const { progress, nav } = useTutor();
  const [index, setIndex] = useState(0);
  const [chosen, setChosen] = useState<readonly string[]>([]);
  const [answered, setAnswered] = useState(false);
  const [score, setScore] = useState(0);
  const question = questions[index];
  const multiple = question !== undefined && question.answers.length > 1;

  const submit = (choice: readonly string[]) => {
    if (question === undefined) return;
    const correct = isRightAnswer(question, choice);
    setChosen(choice);
    setAnswered(true);
    if (correct) setScore((value) => value + 1);
    progress.update((lab) => ({ ...lab, quiz: { ...lab.quiz, answers: { ...lab.quiz.answers, [question.id]: { correct } } } }));
  };
  const next = () => {
    const finished = index + 1 >= questions.length;
    if (finished) {
      progress.update((lab) => ({ ...lab, quiz: { ...lab.quiz, best: Math.max(lab.quiz.best ?? 0, score) } }));
    }
    setIndex(index + 1);
    setChosen([]);
    setAnswered(false);
  };

  useScreenInput((input, key) => {
    if (question === undefined) {
      if (input === 'a') {
        setIndex(0);
        setScore(0);
      } else if (key.return) nav.back();
      return;
    }
    if (answered) {
      if (key.return || input === ' ') next();
      return;
    }
    const letter = input.toLowerCase();
    if (question.choices.some((choice) => choice.key === letter)) {
      if (!multiple) submit([letter]);
      else setChosen((current) => (current.includes(letter) ? current.filter((key) => key !== letter) : [...current, letter]));
    } else if (multiple && key.return && chosen.length > 0) submit(chosen);
  });

  if (question === undefined) {
    return (
      <Frame title="Knowledge check" status="done" keys={[{ keys: 'a', action: 'again' }, { keys: 'Enter', action: 'back' }]}>
        <Toned tone="heading" bold>{`Score: ${score} of ${questions.length}`}</Toned>
        <Text>{`Best so far: ${Math.max(progress.lab.quiz.best ?? 0, score)} of ${questions.length} (saved)`}</Text>
      </Frame>
    );
  }
  const keys: KeyHint[] = answered
    ? [{ keys: 'Enter', action: index + 1 < questions.length ? 'next question' : 'see the score' }]
    : [{ keys: question.choices.map((choice) => choice.key).join('/'), action: multiple ? 'toggle a choice' : 'answer' }, ...(multiple ? [{ keys: 'Enter', action: 'submit' }] : [])];
  const correct = answered && isRightAnswer(question, chosen);
  return (
    <Frame title="Knowledge check" status={`question ${index + 1}/${questions.length} · score ${score}`} keys={keys}>
      <Text wrap="wrap">{question.prompt}</Text>
      {multiple && <Toned tone="muted">Choose all that apply, then Enter.</Toned>}
      <Text> </Text>
      {question.choices.map((choice) => {
        const picked = chosen.includes(choice.key);
        const right = question.answers.includes(choice.key);
        const mark = answered ? (right ? glyphs.passed : picked ? glyphs.failed : ' ') : picked ? glyphs.pointer : ' ';
        const tone = answered ? (right ? 'passed' : picked ? 'failed' : 'muted') : picked ? 'selected' : 'accent';
        return (
          <Text key={choice.key} wrap="wrap">
            <Toned tone={tone}>{`${mark} ${choice.key}) `}</Toned>
            {choice.text}
          </Text>
        );
      })}
      {answered && (
        <>
          <Text> </Text>
          <Toned tone={correct ? 'passed' : 'failed'} bold>
            {correct ? `${glyphs.passed} Right.` : `${glyphs.failed} Not quite: the answer is ${question.answers.join(', ')}.`}
          </Toned>
          <Text wrap="wrap">{question.explanation}</Text>
        </>
      )}
    </Frame>
  );
}
