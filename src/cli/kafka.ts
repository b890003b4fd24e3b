/**
 * Entry point behind `npm run kafka -- <command>`. This file only assembles the program: each
 * subcommand lives in src/cli/kafka/<name>-command.ts and is registered here with one line.
 */
import type { Command } from 'commander';
import { registerAssignCommand } from './kafka/assign-command.js';
import { processIo, type CliIo } from './kafka/cli-io.js';
import { registerCoordinatorCommand } from './kafka/coordinator-command.js';
import { registerFailoverCommand } from './kafka/failover-command.js';
import { registerPartitionCommand } from './kafka/partition-command.js';
import { registerScenarioCommand } from './kafka/scenario-command.js';
import { createKafkaRootProgram, isEntryPoint, runKafkaProgram } from './kafka/program.js';

export function buildKafkaProgram(io: CliIo): Command {
  const program = createKafkaRootProgram(io);
  registerPartitionCommand(program, io);
  registerScenarioCommand(program, io);
  registerAssignCommand(program, io);
  registerCoordinatorCommand(program, io);
  registerFailoverCommand(program, io);
  return program;
}

/** Runs the CLI on user arguments and resolves to the exit code (tests call this in-process). */
export function runKafkaCli(argv: readonly string[], io: CliIo = processIo): Promise<number> {
  return runKafkaProgram(buildKafkaProgram(io), argv, io);
}

if (isEntryPoint(import.meta.url)) {
  // exitCode, not process.exit(): lets stdout drain when piped.
  process.exitCode = await runKafkaCli(process.argv.slice(2));
}
