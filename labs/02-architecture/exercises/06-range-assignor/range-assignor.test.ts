// The tests of this exercise: npm run lab 02 -- --watch 06   (or: npx vitest run labs/02-architecture/exercises/06-range-assignor/range-assignor.test.ts)
import { describeExerciseTests } from '../../../../src/labs/vitest-exercise.js';
import * as yours from './range-assignor.js';

describeExerciseTests('02', '06-range-assignor', yours);
