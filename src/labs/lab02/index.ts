/**
 * Lab 02's exercises, in the order the lesson teaches them. The runner, the tutor, the
 * learner-facing vitest files and the project's proof (test/labs) all read this list.
 */
import type { ExerciseDefinition } from '../exercise.js';
import { highWatermarkAndAcksExercise } from './high-watermark-and-acks.js';
import { isrExercise } from './isr.js';
import { kraftVoteExercise } from './kraft-vote.js';
import { leaderElectionExercise } from './leader-election.js';
import { partitionerExercise } from './partitioner.js';
import { rangeAssignorExercise } from './range-assignor.js';

export const lab02Exercises: readonly ExerciseDefinition<never>[] = [
  partitionerExercise,
  highWatermarkAndAcksExercise,
  isrExercise,
  leaderElectionExercise,
  kraftVoteExercise,
  rangeAssignorExercise,
] as unknown as readonly ExerciseDefinition<never>[];
