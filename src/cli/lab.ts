/**
 * `npm run lab [NN]`: the learner's front door. The interactive tutor arrives with its own issue;
 * until then this names the lab and what it will ask of the learner, so the command is honest.
 */
import { findLab, labs, type LabEntry } from '../labs/catalog.js';
import { isEntryPoint } from './entry-point.js';

const EXIT_USAGE = 2;

function describe(lab: LabEntry): string {
  const lines = [
    `Lab ${lab.id}: ${lab.title}`,
    '',
    'In this lab you will:',
    ...lab.objectives.map((objective) => `  - ${objective}`),
    '',
    'The interactive tutor for this lab is being built. What works today:',
    '  npm run kafka -- partition user-123 --partitions 3   which partition would Kafka pick?',
    '  npm run kafka -- scenario --list                     simulated clusters you can run',
    '  npm test                                             the reference Kafka\'s own tests',
  ];
  return lines.join('\n');
}

function listLabs(): string {
  return ['Labs:', ...labs.map((lab) => `  ${lab.id}  ${lab.title}`), '', 'Open one with: npm run lab 02'].join('\n');
}

export function main(args: readonly string[]): number {
  const [requested, ...extra] = args;
  if (requested === undefined) {
    console.log(listLabs());
    return 0;
  }
  if (requested === '--help' || requested === '-h') {
    console.log(`Usage: npm run lab [NN]\n\n${listLabs()}`);
    return 0;
  }
  const lab = findLab(requested);
  if (lab === undefined || extra.length > 0) {
    const what = lab === undefined ? `There is no lab "${requested}".` : `Unexpected arguments: ${extra.join(' ')}`;
    console.error(`${what}\n\n${listLabs()}`);
    return EXIT_USAGE;
  }
  console.log(describe(lab));
  return 0;
}

if (isEntryPoint(import.meta.url)) process.exitCode = main(process.argv.slice(2));
