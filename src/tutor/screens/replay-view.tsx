/**
 * A failing test as a replay: the scenario's trace, scrubbable step by step, opened at the step
 * where the promise broke, with the learner's function call at that step (inputs and output).
 */
import { Box, Text } from 'ink';
import { useState } from 'react';
import type { BrokenPromise } from '../../labs/report.js';
import { Toned } from '../components/toned.js';
import { wrapLines } from '../components/wrap-lines.js';
import { useEscapeCapture, useScreenInput } from '../hooks/use-screen-input.js';
import { glyphs } from '../theme/theme.js';

export const REPLAY_KEYS = [
  { keys: '←→', action: 'scrub' },
  { keys: 'Home/End', action: 'first/last' },
  { keys: 'b', action: 'where it broke' },
  { keys: 'Esc', action: 'close replay' },
] as const;

/** JSON on one line, cut to `width`: enough to read a call's inputs and output. */
export function compactJson(value: unknown, width: number): string {
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = String(value);
  }
  return text.length > width ? `${text.slice(0, Math.max(0, width - 1))}…` : text;
}

interface ReplayViewProps {
  readonly promise: BrokenPromise;
  readonly width: number;
  readonly height: number;
  readonly onClose: () => void;
}

export function ReplayView({ promise, width, height, onClose }: ReplayViewProps) {
  const lastStep = Math.max(0, promise.trace.length - 1);
  const brokeAt = Math.min(lastStep, promise.brokeAtStep ?? lastStep);
  const [step, setStep] = useState(brokeAt);
  useEscapeCapture(true);
  useScreenInput((input, key) => {
    if (key.escape) onClose();
    else if (key.leftArrow) setStep((value) => Math.max(0, value - 1));
    else if (key.rightArrow) setStep((value) => Math.min(lastStep, value + 1));
    else if (key.home) setStep(0);
    else if (key.end) setStep(lastStep);
    else if (input === 'b') setStep(brokeAt);
  });
  // Every row is counted, so nothing is drawn over the next line: the summary wraps (up to a third
  // of the height, the rest marked), one status row, the call block (a blank row and three), the trace.
  const callRows = promise.call === undefined ? 0 : 4;
  const wrapped = wrapLines(`${glyphs.failed} ${promise.summary}`, width);
  const summaryRoom = Math.max(1, Math.floor(height / 3));
  const summary = wrapped.length <= summaryRoom ? wrapped : [...wrapped.slice(0, summaryRoom - 1), `${wrapped[summaryRoom - 1]!.slice(0, Math.max(0, width - 2))} …`];
  const traceRows = Math.max(1, height - summary.length - 1 - callRows);
  const first = Math.max(0, Math.min(step - Math.floor(traceRows / 2), promise.trace.length - traceRows));
  return (
    <Box flexDirection="column" flexShrink={0}>
      {summary.map((line, index) => (
        <Toned key={`summary-${index}`} tone="failed" wrap="truncate-end">
          {line}
        </Toned>
      ))}
      <Toned tone="muted" wrap="truncate-end">
        {`replay: step ${step + 1} of ${promise.trace.length}, broke at step ${brokeAt + 1}${promise.seed === undefined ? '' : ` · seed ${promise.seed}`}`}
      </Toned>
      {promise.trace.slice(first, first + traceRows).map((line, offset) => {
        const index = first + offset;
        const marker = index === brokeAt ? glyphs.failed : index === step ? glyphs.pointer : ' ';
        const tone = index === brokeAt ? 'failed' : index > step ? 'muted' : 'accent';
        return (
          <Text key={index} wrap="truncate-end">
            <Toned tone={tone} inverse={index === step}>{`${marker}${String(index + 1).padStart(4)} ${line}`.slice(0, width)}</Toned>
          </Text>
        );
      })}
      {promise.call !== undefined && (
        <Box flexDirection="column" marginTop={1}>
          <Toned tone="accent">{`Your ${promise.call.fn}() at step ${brokeAt + 1}`}</Toned>
          <Text wrap="truncate-end">{`  inputs ${compactJson(promise.call.inputs, width - 9)}`}</Text>
          <Text wrap="truncate-end">{`  output ${compactJson(promise.call.output, width - 9)}`}</Text>
        </Box>
      )}
    </Box>
  );
}
