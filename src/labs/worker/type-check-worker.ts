/**
 * The runner's type-check thread: a long-lived LearnerTypeChecker per workbook root, so the cost of
 * parsing TypeScript's libraries is paid once per session. It never runs learner code, so it is
 * never stopped for a deadline; the exercise thread, which does, can be replaced without losing it.
 */
import { parentPort } from 'node:worker_threads';
import { LearnerTypeChecker } from '../type-check.js';
import type { TypeCheckReply, TypeCheckRequest } from './protocol.js';

const checkers = new Map<string, LearnerTypeChecker>();

parentPort!.on('message', (request: TypeCheckRequest) => {
  let reply: TypeCheckReply;
  try {
    const checker = checkers.get(request.root) ?? new LearnerTypeChecker(request.root);
    checkers.set(request.root, checker);
    const error = checker.check(request.file);
    reply = error === undefined ? { id: request.id } : { id: request.id, error };
  } catch (error) {
    // The checker itself failed (not the learner's code): say so, and let the run go on without it.
    reply = { id: request.id, failure: error instanceof Error ? error.message : String(error) };
  }
  parentPort!.postMessage(reply);
});
