// The tests of this exercise: npm run lab 02 -- --watch 05   (or: npx vitest run labs/02-architecture/exercises/05-kraft-vote/kraft-vote.test.ts)
import { describeExerciseTests } from '../../../../src/labs/vitest-exercise.js';
import * as yours from './kraft-vote.js';

describeExerciseTests('02', '05-kraft-vote', yours);
