/**
 * The diagrams a lesson may ask for with a fenced block whose info string is
 * `generated <name> key=value...`. Each returns plain text lines, drawn from the reference Kafka
 * when the lesson is loaded (lessons/02-architecture/README.md documents the syntax).
 */
import type { DirectiveArgs } from '../directive-args.js';
import { highWatermarkDiagram } from './high-watermark-diagram.js';
import { isrAfterCrashDiagram } from './isr-after-crash.js';
import { keyPlacementDiagram } from './key-placement.js';
import { messageFlowDiagram } from './message-flow.js';
import { rangeDiagram } from './range-diagram.js';

export type DiagramGenerator = (args: DirectiveArgs) => string[];

export const diagramGenerators: ReadonlyMap<string, DiagramGenerator> = new Map([
  ['key-placement', keyPlacementDiagram],
  ['high-watermark', highWatermarkDiagram],
  ['range', rangeDiagram],
  ['isr-after-crash', isrAfterCrashDiagram],
  ['message-flow', messageFlowDiagram],
]);
