/**
 * The `kafka` command-line program: root command settings and the exit-code contract shared by
 * every subcommand. Subcommands live in their own files and are registered in src/cli/kafka.ts.
 *
 * Exit codes: 0 success (and --help), 2 usage error (bad or missing argument, unknown option or
 * command; commander's own errors included, which commander would otherwise exit with 1),
 * anything else is a bug and propagates.
 */
import { Command, CommanderError } from 'commander';
import { KafkaInputError } from '../../kafka/errors.js';
import type { CliIo } from './cli-io.js';

export const EXIT_OK = 0;
export const EXIT_USAGE = 2;

/** The root command. Settings made here are copied to subcommands created with `program.command(...)`. */
export function createKafkaRootProgram(io: CliIo): Command {
  return new Command('kafka')
    .description("Explore Apache Kafka's client and broker rules from the terminal (npm run kafka -- <command>).")
    .configureOutput({ writeOut: (text) => io.writeOut(text), writeErr: (text) => io.writeErr(text) })
    .showHelpAfterError()
    .showSuggestionAfterError()
    .exitOverride();
}

/** Parses `argv` (user arguments only, no node/script) and runs the chosen command; resolves to the exit code. */
export async function runKafkaProgram(program: Command, argv: readonly string[], io: CliIo): Promise<number> {
  if (argv.length === 0) {
    // Commander would print the help and exit 1 without saying what is wrong.
    io.writeErr('error: missing command\n');
    program.outputHelp({ error: true });
    return EXIT_USAGE;
  }
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return EXIT_OK;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Commander has already written its message (and the usage) to stderr; only --help and --version exit 0.
      return error.exitCode === 0 ? EXIT_OK : EXIT_USAGE;
    }
    if (error instanceof KafkaInputError) {
      io.writeErr(`error: ${error.message}\n`);
      return EXIT_USAGE;
    }
    throw error;
  }
}

export { isEntryPoint } from '../entry-point.js';
