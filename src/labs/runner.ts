/**
 * Runs a learner's exercise in worker threads with a deadline, so an endless loop, a syntax error
 * or a crash in the learner's code becomes a report and the runner itself never hangs or dies.
 *
 * Two threads, both kept warm between runs, work on each run at the same time: one type-checks the
 * learner's file (TypeScript's libraries parsed once per session), the other loads it and runs the
 * checks (tsx's loader and the simulator already loaded). That is what makes save → verdict fast in
 * watch mode. A compile error wins over whatever the checks found. The exercise thread that overran
 * its deadline is terminated and a fresh one takes its place; the type checker is never stopped, as
 * it never runs learner code. Threads hold the process open only while a run is in flight.
 */
import { Worker } from 'node:worker_threads';
import { projectFile } from '../project-root.js';
import type { ExerciseOutcome } from './report.js';
import type { CompileError } from './type-check.js';
import type { RunRequest, TypeCheckReply, TypeCheckRequest, WorkerReply } from './worker/protocol.js';

/** The one deadline for a run, used by `--check`, `--watch` and the tutor alike (a slow machine runs a lab's checks in 3 to 4 s). */
export const DEFAULT_TIMEOUT_MS = 10_000;
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
    const worker = new Worker(projectFile('src/labs/worker/entry.mjs'));
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

/** The long-lived type-check thread; one check at a time, in order. */
export class TypeCheckThread {
  private worker: Worker | undefined;
  private nextId = 1;
  private readonly pending = new Map<number, (reply: TypeCheckReply) => void>();

  check(root: string, file: string): Promise<CompileError | undefined> {
    const worker = this.ensureWorker();
    const request: TypeCheckRequest = { id: this.nextId++, root, file };
    worker.ref();
    return new Promise((resolve) => {
      this.pending.set(request.id, (reply) => resolve(reply.error));
      worker.postMessage(request);
    });
  }

  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = undefined;
    if (worker !== undefined) await worker.terminate();
  }

  private ensureWorker(): Worker {
    if (this.worker !== undefined) return this.worker;
    const worker = new Worker(projectFile('src/labs/worker/type-check-entry.mjs'));
    worker.on('message', (reply: TypeCheckReply) => {
      const resolve = this.pending.get(reply.id);
      this.pending.delete(reply.id);
      if (this.pending.size === 0) worker.unref();
      resolve?.(reply);
    });
    // A checker that dies takes no run with it: pending checks resolve as "no error found", and the next check starts a new thread.
    const fail = (): void => {
      if (this.worker === worker) this.worker = undefined;
      for (const [id, resolve] of this.pending) resolve({ id, failure: 'the type-check thread stopped' });
      this.pending.clear();
    };
    worker.on('error', fail);
    worker.on('exit', fail);
    this.worker = worker;
    return worker;
  }
}

/** Both threads together: the verdict on one learner file. */
export class LabRunner {
  private readonly exercises = new ExerciseWorker();
  private readonly typeChecker = new TypeCheckThread();

  async run(request: Omit<RunRequest, 'id'>, timeoutMs = DEFAULT_TIMEOUT_MS): Promise<ExerciseOutcome> {
    const checked = this.typeChecker.check(request.root, request.file);
    const ran = this.exercises.run(request, timeoutMs);
    const compileError = await checked;
    if (compileError !== undefined) return { kind: 'compile-error', ...compileError };
    return ran;
  }

  async close(): Promise<void> {
    await Promise.all([this.exercises.close(), this.typeChecker.close()]);
  }
}
