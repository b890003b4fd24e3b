/**
 * A stack trace cut down to what a learner can act on: the frames in their own file (the runner's
 * and the simulator's frames are noise to them). When no frame is theirs, the first few frames.
 */
import { basename, dirname } from 'node:path';

const FRAMES_SHOWN_MAX = 6;

export function trimStack(stack: string, learnerFile: string): string {
  const frames = stack.split('\n').filter((line) => /^\s+at /.test(line));
  // The folder and the name (01-partitioner/partitioner.ts): a bare name can match one of ours.
  const name = `${basename(dirname(learnerFile))}/${basename(learnerFile)}`;
  const theirs = frames.filter((line) => line.includes(name));
  const shown = (theirs.length > 0 ? theirs : frames.slice(0, 2)).slice(0, FRAMES_SHOWN_MAX);
  // file:// URLs and cache-busting queries from the runner's import read badly: show plain paths.
  const here = `${process.cwd()}/`;
  return shown.map((line) => line.replace(/file:\/\//g, '').replace(/\?v=\d+/g, '').split(here).join('').trim()).map((line) => `  ${line}`).join('\n');
}
