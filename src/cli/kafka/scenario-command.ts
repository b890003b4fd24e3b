/**
 * `kafka scenario --list` and `kafka scenario <name-or-file> [--seed S] [--json] [--all]`: run a
 * simulated cluster through a script and print what happened, one trace event per line.
 */
import { InvalidArgumentError, type Command } from 'commander';
import { KafkaInputError } from '../../kafka/errors.js';
import { ScenarioSyntaxError } from '../../sim/scenario/parse-scenario.js';
import { interestingEvents, relativeTo, runScenario, ScenarioRunError } from '../../sim/scenario/run-scenario.js';
import { listScenarios, loadScenario, ScenarioNotFoundError } from '../../sim/scenario/scenario-library.js';
import { summarizeRun } from '../../sim/scenario/summarize-run.js';
import { formatTrace } from '../../sim/trace-format.js';
import type { CliIo } from './cli-io.js';

interface ScenarioOptions {
  readonly list?: boolean;
  readonly seed?: number;
  readonly json?: boolean;
  readonly all?: boolean;
}

export function registerScenarioCommand(program: Command, io: CliIo): void {
  program
    .command('scenario')
    .description('Run a simulated Kafka cluster through a scenario script and print its trace.')
    .argument('[name-or-file]', 'a shipped scenario (see --list) or the path of your own .scenario file')
    .option('--list', 'list the shipped scenarios')
    .option('--seed <seed>', 'the seed that decides timing and placement; the same seed gives the same trace', parseSeed)
    .option('--json', 'print the trace as JSON, one event per line, and nothing else')
    .option('--all', 'include idle fetches and other routine events')
    .addHelpText('after', '\nExamples:\n  npm run kafka -- scenario --list\n  npm run kafka -- scenario leader-failover --seed 7\n')
    .action((nameOrFile: string | undefined, options: ScenarioOptions) => {
      if (options.list === true) {
        for (const { name, description } of listScenarios()) io.writeOut(`${name.padEnd(22)} ${description}\n`);
        return;
      }
      if (nameOrFile === undefined) throw new KafkaInputError('name a scenario to run, or use --list to see them');
      runAndPrint(nameOrFile, options, io);
    });
}

function runAndPrint(nameOrFile: string, options: ScenarioOptions, io: CliIo): void {
  let scenario;
  try {
    scenario = loadScenario(nameOrFile);
  } catch (error) {
    // A learner's script mistake is a usage error with its line, not a crash.
    if (error instanceof ScenarioSyntaxError || error instanceof ScenarioNotFoundError) throw new KafkaInputError(error.message);
    throw error;
  }
  let run;
  try {
    run = runScenario(scenario, options.seed === undefined ? {} : { seed: options.seed });
  } catch (error) {
    if (error instanceof ScenarioRunError || error instanceof RangeError) throw new KafkaInputError(`${nameOrFile}: ${error.message}`);
    throw error;
  }
  const events = relativeTo(run.originMs, interestingEvents(run.cluster.sim.trace, options.all === true));
  if (options.json === true) {
    io.writeOut(events.map((event) => `${JSON.stringify(event)}\n`).join(''));
    return;
  }
  io.writeOut(`${scenario.name}: ${scenario.description}\n(time 0 is when the cluster was ready; set-up shows at negative times)\n\n`);
  io.writeOut(formatTrace(events));
  io.writeOut(`\n${summarizeRun(run).join('\n')}\n`);
}

export function parseSeed(value: string): number {
  const seed = /^\d+$/.test(value) ? Number(value) : Number.NaN;
  if (!Number.isSafeInteger(seed) || seed > 2 ** 32 - 1) throw new InvalidArgumentError('The seed must be a whole number from 0 to 4294967295.');
  return seed;
}
