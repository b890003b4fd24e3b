/**
 * The runner's exercise thread: imports the learner's file afresh (a new URL per run, so an edited
 * file is loaded again while everything else stays warm) and runs the exercise's checks. The main
 * thread holds the deadline and terminates this thread when it passes; the type check runs in its
 * own thread meanwhile (type-check-worker.ts).
 */
import { pathToFileURL } from 'node:url';
import { parentPort } from 'node:worker_threads';
import { definitionOf } from '../paths.js';
import { runChecks } from '../run-checks.js';
import { trimStack } from '../stack.js';
import type { RunRequest, WorkerReply } from './protocol.js';

let loads = 0;

function reply(message: WorkerReply): void {
  parentPort!.postMessage(message);
}

async function run(request: RunRequest): Promise<void> {
  reply({ id: request.id, kind: 'started' });
  const definition = definitionOf(request.labId, request.exerciseId);
  let module: Record<string, unknown>;
  try {
    module = (await import(`${pathToFileURL(request.file).href}?v=${++loads}`)) as Record<string, unknown>;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return reply({ id: request.id, kind: 'crashed', message: `loading your file failed: ${message}`, stack: error instanceof Error ? trimStack(error.stack ?? '', request.file) : '' });
  }
  reply({ id: request.id, kind: 'done', tests: runChecks(definition, module, { learnerFile: request.file }) });
}

parentPort!.on('message', (request: RunRequest) => {
  run(request).catch((error: unknown) => {
    const message = error instanceof Error ? error.message : String(error);
    reply({ id: request.id, kind: 'crashed', message, stack: error instanceof Error ? trimStack(error.stack ?? '', request.file) : '' });
  });
});
