// The tests of this exercise: npm run lab 02 -- --watch 03   (or: npx vitest run labs/02-architecture/exercises/03-isr/isr.test.ts)
import { describeExerciseTests } from '../../../../src/labs/vitest-exercise.js';
import * as yours from './isr.js';

describeExerciseTests('02', '03-isr', yours);
