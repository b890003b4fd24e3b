/**
 * The diagrams a lesson may ask for with a fenced block whose info string is
 * `generated <name> key=value...`. Each returns plain text lines, drawn from the reference Kafka
 * when the lesson is loaded (lessons/02-architecture/README.md documents the syntax).
 */
import type { DirectiveArgs } from '../directive-args.js';
import { failoverDiagram, readFailoverOptions } from './failover-times.js';
import { highWatermarkDiagram } from './high-watermark-diagram.js';
import { isrAfterCrashDiagram, readIsrAfterCrashOptions } from './isr-after-crash.js';
import { keyPlacementDiagram } from './key-placement.js';
import { messageFlowDiagram, readMessageFlowOptions } from './message-flow.js';
import { rangeDiagram } from './range-diagram.js';

/**
 * A diagram whose arguments have been read and checked. Cheap diagrams are drawn at once; those
 * that run the simulator are `deferred`: drawn the first time a reader opens their section, so
 * loading the lesson stays fast (the tutor loads it at start-up).
 */
export interface PreparedDiagram {
  readonly deferred: boolean;
  readonly draw: () => string[];
}

/** Reads and checks the arguments (throwing ArgumentProblem), and returns how to draw. */
export type DiagramGenerator = (args: DirectiveArgs) => PreparedDiagram;

/** A diagram drawn at once. */
export function drawnNow(lines: string[]): PreparedDiagram {
  return { deferred: false, draw: () => lines };
}

/** A diagram drawn on first use, then remembered. */
export function drawnLater(draw: () => string[]): PreparedDiagram {
  let lines: string[] | undefined;
  return {
    deferred: true,
    draw: () => {
      lines ??= draw();
      return lines;
    },
  };
}

export const diagramGenerators: ReadonlyMap<string, DiagramGenerator> = new Map<string, DiagramGenerator>([
  ['key-placement', (args) => drawnNow(keyPlacementDiagram(args))],
  ['high-watermark', (args) => drawnNow(highWatermarkDiagram(args))],
  ['range', (args) => drawnNow(rangeDiagram(args))],
  ['isr-after-crash', (args) => {
    const options = readIsrAfterCrashOptions(args);
    return drawnLater(() => isrAfterCrashDiagram(options));
  }],
  ['failover', (args) => {
    const options = readFailoverOptions(args);
    return drawnLater(() => failoverDiagram(options));
  }],
  ['message-flow', (args) => {
    const options = readMessageFlowOptions(args);
    return drawnLater(() => messageFlowDiagram(options));
  }],
]);
