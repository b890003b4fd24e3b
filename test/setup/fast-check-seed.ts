/**
 * One fast-check seed for the whole suite, so `npm test` passes or fails for the code, not the dice:
 * every property explores the same cases on every machine and every run.
 *
 * Explore fresh cases with `npm run test:explore` (FC_SEED=random); a failure prints its seed and
 * path, and `FC_SEED=<seed> npx vitest run <file>` replays it. A property that names its own seed
 * keeps it.
 */
import fc from 'fast-check';

const SUITE_SEED = 20_261_130;

function chosenSeed(value: string | undefined): number {
  if (value === undefined || value === '') return SUITE_SEED;
  if (value === 'random') return (Date.now() ^ Math.floor(Math.random() * 2 ** 31)) | 0;
  const seed = Number(value);
  if (!Number.isSafeInteger(seed)) throw new Error(`FC_SEED must be an integer or "random", got "${value}"`);
  return seed;
}

const seed = chosenSeed(process.env.FC_SEED);
if (process.env.FC_SEED === 'random') console.log(`fast-check seed ${seed} (replay: FC_SEED=${seed})`);
fc.configureGlobal({ ...fc.readConfigureGlobal(), seed });
