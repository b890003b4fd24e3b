/**
 * Runs a learner's exercise in a worker thread with a deadline, so an endless loop, a syntax error
 * or a crash in the learner's code becomes a report and the runner itself never hangs or dies.
 *
 * One warm worker is kept between runs (tsx's loader, the simulator and the type checker already
 * loaded), which is what makes save → verdict fast in watch mode. A worker that overran its
 * deadline is terminated and a fresh one takes its place. The worker holds the process open only
 * while a run is in flight.
 */
import { Worker } from 'node:worker_threads';
import type { ExerciseOutcome } from './report.js';
import type { RunRequest, WorkerReply } from './worker/protocol.js';

export const DEFAULT_TIMEOUT_MS = 5_000;
/** Starting a cold worker and type-checking for the first time takes seconds; this only catches a worker that never answers. */
const START_LIMIT_MS = 120_000;

interface Job {
  readonly request: RunRequest;
  readonly timeoutMs: number;
  readonly resolve: (outcome: ExerciseOutcome) => void;
}

export class ExerciseWorker {
  private worker: Worker | undefined;
  private nextId = 1;
  private readonly queue: Job[] = [];
  private busy = false;

  run(request: Omit<RunRequest, 'id'>, timeoutMs = DEFAULT_TIMEOUT_MS): Promise<ExerciseOutcome> {
    return new Promise((resolve) => {
      this.queue.push({ request: { ...request, id: this.nextId++ }, timeoutMs, resolve });
      this.pump();
    });
  }

  /** Stops the worker; a later run starts a new one. */
  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = undefined;
    if (worker !== undefined) await worker.terminate();
  }

  private pump(): void {
    if (this.busy) return;
    const job = this.queue.shift();
    if (job === undefined) {
      this.worker?.unref();
      return;
    }
    this.busy = true;
    this.execute(job).then((outcome) => {
      this.busy = false;
      job.resolve(outcome);
      this.pump();
    });
  }

  private ensureWorker(): Worker {
    if (this.worker !== undefined) return this.worker;
    const worker = new Worker(new URL('./worker/entry.mjs', import.meta.url));
    this.worker = worker;
    return worker;
  }

  private execute(job: Job): Promise<ExerciseOutcome> {
    const worker = this.ensureWorker();
    worker.ref();
    return new Promise((settle) => {
      let timer: NodeJS.Timeout | undefined;
      const finish = (outcome: ExerciseOutcome, replaceWorker: boolean): void => {
        clearTimeout(timer);
        worker.off('message', onMessage);
        worker.off('error', onError);
        worker.off('exit', onExit);
        if (replaceWorker) {
          if (this.worker === worker) this.worker = undefined;
          void worker.terminate();
        }
        settle(outcome);
      };
      const onMessage = (reply: WorkerReply): void => {
        if (reply.id !== job.request.id) return;
        switch (reply.kind) {
          case 'started':
            clearTimeout(timer);
            timer = setTimeout(() => finish({ kind: 'timeout', afterMs: job.timeoutMs }, true), job.timeoutMs);
            return;
          case 'compile-error':
            return finish({ kind: 'compile-error', ...reply.error }, false);
          case 'crashed':
            return finish({ kind: 'crashed', message: reply.message, stack: reply.stack }, false);
          case 'done':
            return finish({ kind: reply.tests.every((test) => test.status === 'passed') ? 'passed' : 'failed', tests: reply.tests }, false);
        }
      };
      const onError = (error: Error): void => finish({ kind: 'crashed', message: `the exercise's worker failed: ${error.message}`, stack: '' }, true);
      const onExit = (code: number): void => finish({ kind: 'crashed', message: `the exercise's worker stopped (exit code ${code})`, stack: '' }, true);
      worker.on('message', onMessage);
      worker.on('error', onError);
      worker.on('exit', onExit);
      timer = setTimeout(() => finish({ kind: 'crashed', message: `the exercise's worker did not start within ${START_LIMIT_MS / 1_000} s`, stack: '' }, true), START_LIMIT_MS);
      worker.postMessage(job.request);
    });
  }
}
