/**
 * The knowledge check: one question at a time, a choice by its letter, the explanation once
 * answered, and the score saved (each answer as it is given, the best score when the last
 * question of a pass is answered).
 *
 * Question, choices and explanation are Markdown (quiz.md keeps its own line breaks): they are
 * rendered with the tutor's Markdown renderer at the terminal's width, a wrapped choice hanging
 * under its text, and the whole scrolls when it is taller than the screen so the keys stay shown.
 * Coming back resumes at the first question not yet answered in this pass, with its score; `r`
 * starts over (a retake: the saved answers stay until they are answered again).
 */
import { Text } from 'ink';
import { useEffect, useMemo, useState } from 'react';
import type { QuizQuestion } from '../../lessons/lesson-types.js';
import type { LabProgress } from '../services/tutor-services.js';
import { useTutor } from '../app/tutor-context.js';
import { Frame, useBodySize } from '../components/frame.js';
import type { KeyHint } from '../components/key-hint.js';
import { Toned } from '../components/toned.js';
import { useEscapeCapture, useScreenInput } from '../hooks/use-screen-input.js';
import { glyphs, type Tone } from '../theme/theme.js';

type QuizProgress = LabProgress['quiz'];

export function isRightAnswer(question: QuizQuestion, chosen: readonly string[]): boolean {
  const right = [...question.answers].sort().join(',');
  return [...chosen].sort().join(',') === right;
}

/** Ids answered in the current pass: the retake's, or (no retake under way) every saved answer. */
export function answeredInPass(quiz: QuizProgress): ReadonlySet<string> {
  const retake = quiz.retake;
  if (Array.isArray(retake)) return new Set(retake.filter((id): id is string => typeof id === 'string'));
  return new Set(Object.keys(quiz.answers));
}

/** Where a pass stands: the first question not yet answered in it (or `questions.length`) and its score. */
export function passStanding(questions: readonly QuizQuestion[], quiz: QuizProgress): { readonly next: number; readonly score: number } {
  const answered = answeredInPass(quiz);
  const next = questions.findIndex((question) => !answered.has(question.id));
  const score = questions.filter((question) => answered.has(question.id) && quiz.answers[question.id]?.correct === true).length;
  return { next: next === -1 ? questions.length : next, score };
}

/** The quiz progress after answering `question`; the pass's last answer also saves the best score and ends the retake. */
export function withAnswer(questions: readonly QuizQuestion[], quiz: QuizProgress, questionId: string, correct: boolean): QuizProgress {
  const answers = { ...quiz.answers, [questionId]: { correct } };
  const retake = Array.isArray(quiz.retake) ? [...quiz.retake.filter((id) => id !== questionId), questionId] : undefined;
  const answered: QuizProgress = retake === undefined ? { ...quiz, answers } : { ...quiz, answers, retake };
  const standing = passStanding(questions, answered);
  if (standing.next < questions.length) return answered;
  const { retake: _finished, ...rest } = answered;
  return { ...rest, best: Math.max(quiz.best ?? 0, standing.score) };
}

/** One line of the quiz body: already wrapped, with an optional toned prefix (a choice's key). */
export interface QuizLine {
  readonly text: string;
  readonly prefix?: { readonly text: string; readonly tone: Tone };
  readonly tone?: Tone;
  readonly bold?: boolean;
}

type RenderMarkdown = (markdown: string, width: number) => string[];

/** Width of "✔ a) " before a choice's text; its wrapped lines hang at this column. */
const CHOICE_PREFIX_WIDTH = 5;
const MIN_TEXT_WIDTH = 8;

/**
 * The question as lines `width` columns wide; `verdictAt` is the line of "Right."/"Not quite"
 * (when answered), so the view can scroll to it.
 */
export function quizLines(
  question: QuizQuestion,
  state: { readonly chosen: readonly string[]; readonly answered: boolean },
  render: RenderMarkdown,
  width: number,
): { readonly lines: readonly QuizLine[]; readonly choicesAt: number; readonly verdictAt: number | undefined } {
  const lines: QuizLine[] = render(question.prompt, Math.max(MIN_TEXT_WIDTH, width)).map((text) => ({ text }));
  if (question.answers.length > 1) lines.push({ text: 'Choose all that apply, then Enter.', tone: 'muted' });
  lines.push({ text: '' });
  const choicesAt = lines.length;
  for (const choice of question.choices) {
    const picked = state.chosen.includes(choice.key);
    const right = question.answers.includes(choice.key);
    const mark = state.answered ? (right ? glyphs.passed : picked ? glyphs.failed : ' ') : picked ? glyphs.pointer : ' ';
    const tone: Tone = state.answered ? (right ? 'passed' : picked ? 'failed' : 'muted') : picked ? 'selected' : 'accent';
    const text = render(choice.text, Math.max(MIN_TEXT_WIDTH, width - CHOICE_PREFIX_WIDTH));
    text.forEach((line, index) => {
      lines.push(index === 0 ? { text: line, prefix: { text: `${mark} ${choice.key}) `, tone } } : { text: ' '.repeat(CHOICE_PREFIX_WIDTH) + line });
    });
  }
  if (!state.answered) return { lines, choicesAt, verdictAt: undefined };
  const correct = isRightAnswer(question, state.chosen);
  lines.push({ text: '' });
  const verdictAt = lines.length;
  lines.push({
    text: correct ? `${glyphs.passed} Right.` : `${glyphs.failed} Not quite: the answer is ${question.answers.join(', ')}.`,
    tone: correct ? 'passed' : 'failed',
    bold: true,
  });
  lines.push(...render(question.explanation, Math.max(MIN_TEXT_WIDTH, width)).map((text) => ({ text })));
  return { lines, choicesAt, verdictAt };
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

const SCROLL_KEYS: KeyHint = { keys: '↑↓ PgUp/PgDn', action: 'scroll' };
const START_OVER: KeyHint = { keys: 'r', action: 'start over' };
const CONFIRM_KEYS: readonly KeyHint[] = [
  { keys: 'r', action: 'yes, start over' },
  { keys: 'Esc', action: 'no, carry on' },
];

function QuizRunner({ questions }: { readonly questions: readonly QuizQuestion[] }) {
  const { progress, nav, services, color } = useTutor();
  const { columns, rows } = useBodySize();
  const [index, setIndex] = useState(() => passStanding(questions, progress.lab.quiz).next);
  const [chosen, setChosen] = useState<readonly string[]>([]);
  const [answered, setAnswered] = useState(false);
  const [scroll, setScroll] = useState(0);
  const [confirmingRestart, setConfirmingRestart] = useState(false);
  // While asking whether to start over, Esc answers no instead of leaving the quiz.
  useEscapeCapture(confirmingRestart);
  const { score } = passStanding(questions, progress.lab.quiz);
  const question = questions[index];
  const multiple = question !== undefined && question.answers.length > 1;

  const layout = useMemo(
    () =>
      question === undefined
        ? undefined
        : quizLines(question, { chosen, answered }, (markdown, width) => services.renderMarkdown(markdown, { width, color }), columns - 1),
    [question, chosen, answered, services, color, columns],
  );
  const lineCount = layout?.lines.length ?? 0;
  const scrolls = lineCount > rows;
  // When it scrolls, the last body line says which lines are shown.
  const page = scrolls ? Math.max(1, rows - 1) : rows;
  const maxScroll = Math.max(0, lineCount - page);
  const top = Math.min(scroll, maxScroll);

  // Once answered, bring the verdict and explanation into view (keeping the choices if they fit).
  useEffect(() => {
    if (!answered || layout?.verdictAt === undefined) return;
    const verdictAt = layout.verdictAt;
    setScroll((current) => {
      if (verdictAt >= current && verdictAt < current + page - 1) return current;
      return Math.min(maxScroll, Math.max(layout.choicesAt, verdictAt - page + 2), verdictAt);
    });
    // Only when the question is answered, not on every redraw.
  }, [answered, index]);

  const goTo = (next: number) => {
    setIndex(next);
    setChosen([]);
    setAnswered(false);
    setScroll(0);
  };
  const startOver = () => {
    progress.update((lab) => ({ ...lab, quiz: { ...lab.quiz, retake: [] } }));
    setConfirmingRestart(false);
    goTo(0);
  };
  const submit = (choice: readonly string[]) => {
    if (question === undefined) return;
    const correct = isRightAnswer(question, choice);
    setChosen(choice);
    setAnswered(true);
    progress.update((lab) => ({ ...lab, quiz: withAnswer(questions, lab.quiz, question.id, correct) }));
  };
  const next = () => {
    const done = answeredInPass(progress.lab.quiz);
    const following = questions.findIndex((candidate, at) => at > index && !done.has(candidate.id));
    goTo(following === -1 ? questions.length : following);
  };

  useScreenInput((input, key) => {
    if (confirmingRestart) {
      if (input === 'r') startOver();
      else setConfirmingRestart(false);
      return;
    }
    if (question === undefined) {
      if (input === 'r') startOver();
      else if (key.return) nav.back();
      return;
    }
    if (key.downArrow) setScroll(Math.min(maxScroll, top + 1));
    else if (key.upArrow) setScroll(Math.max(0, top - 1));
    else if (key.pageDown) setScroll(Math.min(maxScroll, top + page));
    else if (key.pageUp) setScroll(Math.max(0, top - page));
    else if (input === 'r') setConfirmingRestart(true);
    else if (answered) {
      if (key.return || input === ' ') next();
    } else {
      const letter = input.toLowerCase();
      if (question.choices.some((choice) => choice.key === letter)) {
        if (!multiple) submit([letter]);
        else setChosen((current) => (current.includes(letter) ? current.filter((picked) => picked !== letter) : [...current, letter]));
      } else if (multiple && key.return && chosen.length > 0) submit(chosen);
    }
  });

  if (confirmingRestart) {
    const sofar = answeredInPass(progress.lab.quiz).size;
    return (
      <Frame title="Knowledge check" status="start over?" keys={CONFIRM_KEYS}>
        <Toned tone="heading" bold>Start the knowledge check over from question 1?</Toned>
        <Text wrap="wrap">{`This pass has ${sofar} of ${questions.length} answered (score ${score}). Your saved answers and best score stay until you answer again.`}</Text>
      </Frame>
    );
  }
  if (question === undefined || layout === undefined) {
    return (
      <Frame title="Knowledge check" status="done" keys={[START_OVER, { keys: 'Enter', action: 'back' }]}>
        <Toned tone="heading" bold>{`Score: ${score} of ${questions.length}`}</Toned>
        <Text>{`Best so far: ${Math.max(progress.lab.quiz.best ?? 0, score)} of ${questions.length} (saved)`}</Text>
      </Frame>
    );
  }
  const answerKeys: KeyHint[] = answered
    ? [{ keys: 'Enter', action: index + 1 < questions.length ? 'next question' : 'see the score' }]
    : [{ keys: question.choices.map((choice) => choice.key).join('/'), action: multiple ? 'toggle a choice' : 'answer' }, ...(multiple ? [{ keys: 'Enter', action: 'submit' }] : [])];
  const keys = [...answerKeys, ...(scrolls ? [SCROLL_KEYS] : []), START_OVER];
  const shown = layout.lines.slice(top, top + page);
  return (
    <Frame title="Knowledge check" status={`question ${index + 1}/${questions.length} · score ${score}`} keys={keys}>
      {shown.map((line, offset) => (
        <QuizLineView key={top + offset} line={line} />
      ))}
      {scrolls && (
        <Toned tone="muted" wrap="truncate-end">
          {`lines ${top + 1}-${top + shown.length} of ${lineCount}${top + page < lineCount ? ' · ↓ more' : ''}`}
        </Toned>
      )}
    </Frame>
  );
}

function QuizLineView({ line }: { readonly line: QuizLine }) {
  const text = line.text === '' && line.prefix === undefined ? ' ' : line.text;
  if (line.tone !== undefined) {
    return (
      <Toned tone={line.tone} bold={line.bold} wrap="truncate-end">
        {text}
      </Toned>
    );
  }
  return (
    <Text wrap="truncate-end">
      {line.prefix !== undefined && <Toned tone={line.prefix.tone}>{line.prefix.text}</Toned>}
      {text}
    </Text>
  );
}
