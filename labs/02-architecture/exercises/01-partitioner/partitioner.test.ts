// The tests of this exercise: npm run lab 02 -- --watch 01   (or: npx vitest run labs/02-architecture/exercises/01-partitioner/partitioner.test.ts)
import { describeExerciseTests } from '../../../../src/labs/vitest-exercise.js';
import * as yours from './partitioner.js';

describeExerciseTests('02', '01-partitioner', yours);
