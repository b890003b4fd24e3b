import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { startTutor } from '../../src/cli/tutor.js';
import { plainReport } from '../../src/tutor/plain/plain-report.js';
import { createFakeServices } from './support/fake-services.js';

function capture(isTTY: boolean) {
  const stream = new PassThrough() as PassThrough & { isTTY?: boolean };
  stream.isTTY = isTTY;
  let text = '';
  stream.on('data', (chunk: Buffer) => (text += chunk.toString()));
  return { stream: stream as unknown as NodeJS.WriteStream & NodeJS.ReadStream, text: () => text };
}

describe('the plain report', () => {
  it('gives progress per objective, exercise status and what to do next, as linear text', () => {
    const services = createFakeServices();
    services.progress = {
      version: 1,
      labs: { '02': { exercises: { '03-isr': { status: 'failing', hintsShown: 1 }, '01-partitioner': { status: 'passed', hintsShown: 0 } }, quiz: { answers: { q1: { correct: true } }, best: 1 }, sectionsRead: ['logs'] } },
    };
    const report = plainReport(services);
    expect(report).toContain('Lab 02: Kafka architecture');
    expect(report).toContain('  1. Name the core components; topics, partitions and offsets as logs (1 of 1 done)');
    expect(report).toContain('  2. Assign records to partitions; ordering is per partition (2 of 3 done)');
    expect(report).toContain('  ✔ 01-partitioner  passed');
    expect(report).toContain('  ✘ 03-isr  failing');
    expect(report).toContain('  ○ 04-leader-election  not started');
    expect(report).toContain('  1 of 6 passed');
    expect(report).toContain('Knowledge check: 1 of 3 answered, best score 1 of 3');
    expect(report).toContain('Next: Read "Which partition a record goes to" in the lesson');
    expect(report).not.toMatch(/\u001b\[/);
  });

  it('names a broken quiz file and still reports the rest', () => {
    const services = createFakeServices({
      quiz: () => {
        throw Object.assign(new Error('choice "d" of question q2 has no text'), { file: 'lessons/02-architecture/quiz.md', line: 31 });
      },
    });
    const report = plainReport(services);
    expect(report).toContain('Knowledge check: could not be read: lessons/02-architecture/quiz.md:31: choice "d" of question q2 has no text');
    expect(report).toContain('0 of 6 passed');
  });

  it('startTutor without a TTY prints the report and returns at once, never waiting for keys', async () => {
    const out = capture(false);
    const input = capture(false);
    const code = await startTutor({ root: '.', labId: '02', services: createFakeServices(), stdout: out.stream, stdin: input.stream });
    expect(code).toBe(0);
    expect(out.text()).toContain('Exercises:');
    expect(out.text()).not.toContain('\u001b[?1049h');
  });

  it('startTutor with plain prints the same report on a terminal', async () => {
    const out = capture(true);
    const input = capture(true);
    const code = await startTutor({ root: '.', labId: '02', plain: true, services: createFakeServices(), stdout: out.stream, stdin: input.stream });
    expect(code).toBe(0);
    expect(out.text()).toContain('Learning objectives:');
  });
});
