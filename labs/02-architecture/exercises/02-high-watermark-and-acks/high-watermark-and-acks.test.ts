// The tests of this exercise: npm run lab 02 -- --watch 02   (or: npx vitest run labs/02-architecture/exercises/02-high-watermark-and-acks/high-watermark-and-acks.test.ts)
import { describeExerciseTests } from '../../../../src/labs/vitest-exercise.js';
import * as yours from './high-watermark-and-acks.js';

describeExerciseTests('02', '02-high-watermark-and-acks', yours);
