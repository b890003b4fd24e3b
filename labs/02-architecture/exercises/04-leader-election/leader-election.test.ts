// The tests of this exercise: npm run lab 02 -- --watch 04   (or: npx vitest run labs/02-architecture/exercises/04-leader-election/leader-election.test.ts)
import { describeExerciseTests } from '../../../../src/labs/vitest-exercise.js';
import * as yours from './leader-election.js';

describeExerciseTests('02', '04-leader-election', yours);
