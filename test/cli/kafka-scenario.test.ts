/**
 * `npm run kafka -- scenario ...`: listing, running with a seed, JSON output, and usage errors that
 * exit 2 with a message instead of a stack trace. In-process through runKafkaCli, plus one run
 * through a real subprocess (tsx, stdout, exit code).
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runKafkaCli } from '../../src/cli/kafka.js';
import { bufferedIo } from '../../src/cli/kafka/cli-io.js';
import { runScenario } from '../../src/sim/scenario/run-scenario.js';
import { listScenarios, loadScenario } from '../../src/sim/scenario/scenario-library.js';
import { summarizeRun } from '../../src/sim/scenario/summarize-run.js';

interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

async function cli(args: readonly string[]): Promise<CliRun> {
  const io = bufferedIo();
  const code = await runKafkaCli(args, io);
  return { code, stdout: io.out, stderr: io.err };
}

function subprocess(args: readonly string[]): Promise<CliRun> {
  return new Promise((resolve) => {
    execFile('node_modules/.bin/tsx', ['src/cli/kafka.ts', ...args], { timeout: 60_000, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      const code = error === null ? 0 : typeof error.code === 'number' ? error.code : -1;
      resolve({ code, stdout, stderr });
    });
  });
}

const SHIPPED = ['acks-1-data-loss', 'keyed-and-keyless', 'leader-failover', 'min-insync-replicas', 'slow-follower', 'unclean-election'];

const scratch = mkdtempSync(join(tmpdir(), 'kafka-scenario-test-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function scriptFile(name: string, lines: readonly string[]): string {
  const path = join(scratch, name);
  writeFileSync(path, `${lines.join('\n')}\n`);
  return path;
}

describe('kafka scenario --list', () => {
  it('lists all six shipped scenarios, one a line, each with its description', async () => {
    const run = await cli(['scenario', '--list']);
    expect(run).toMatchObject({ code: 0, stderr: '' });
    const lines = run.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(6);
    const descriptions = new Map(listScenarios().map(({ name, description }) => [name, description]));
    lines.forEach((line, index) => {
      const name = SHIPPED[index]!;
      expect(line.startsWith(`${name} `), line).toBe(true);
      expect(line.slice(name.length).trim()).toBe(descriptions.get(name));
      expect(descriptions.get(name)).not.toBe('');
    });
  });
});

describe('kafka scenario <name>', () => {
  it('--json prints only JSON lines, each an event with a type and a time', async () => {
    const run = await cli(['scenario', 'leader-failover', '--seed', '3', '--json']);
    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(run.stdout.endsWith('\n')).toBe(true);
    const events = run.stdout.trimEnd().split('\n').map((line) => JSON.parse(line) as { type: unknown; at: unknown });
    expect(events.length).toBeGreaterThan(50);
    for (const event of events) {
      expect(typeof event.type).toBe('string');
      expect(Number.isFinite(event.at)).toBe(true);
    }
    // Time 0 is when the cluster was ready: set-up at negative times, the crash at 1200 ms.
    expect(events.some((event) => (event.at as number) < 0)).toBe(true);
    expect(events).toContainEqual(expect.objectContaining({ type: 'node.crashed', node: 'broker-1', at: 1_200 }));
    expect(events).toContainEqual(expect.objectContaining({ type: 'leader.elected', reason: 'leader-fenced' }));
  });

  it('--json with the same seed prints the same bytes; another seed prints others', async () => {
    const first = await cli(['scenario', 'leader-failover', '--seed', '3', '--json']);
    const again = await cli(['scenario', 'leader-failover', '--seed', '3', '--json']);
    const other = await cli(['scenario', 'leader-failover', '--seed', '4', '--json']);
    expect(again.stdout).toBe(first.stdout);
    expect(other.stdout).not.toBe(first.stdout);
  });

  it('plain output opens with the description and ends with the run summary', async () => {
    const run = await cli(['scenario', 'leader-failover', '--seed', '3']);
    expect(run).toMatchObject({ code: 0, stderr: '' });
    const scenario = loadScenario('leader-failover');
    expect(run.stdout.startsWith(`leader-failover: ${scenario.description}\n`)).toBe(true);
    const summary = summarizeRun(runScenario(scenario, { seed: 3 }));
    expect(summary[0]).toBe('after 30000 ms (seed 3):');
    expect(run.stdout.endsWith(`\n${summary.join('\n')}\n`)).toBe(true);
    expect(run.stdout).toContain("every acknowledged record is in its leader's committed log");
  });

  it('runs a script file of ones own, by path', async () => {
    const path = scriptFile('mine.scenario', ['description my own', 'brokers 1', 'topic t', 'producer p', 'at 0ms produce p topic=t count=2', 'run 1s']);
    const run = await cli(['scenario', path, '--seed', '5']);
    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(run.stdout).toMatch(/^mine: my own\n/);
    expect(run.stdout).toContain('p: 2 acknowledged, 0 failed');
  });

  it('through a real process: the same JSON as in-process, exit code 0', async () => {
    const [real, inProcess] = await Promise.all([
      subprocess(['scenario', 'leader-failover', '--seed', '3', '--json']),
      cli(['scenario', 'leader-failover', '--seed', '3', '--json']),
    ]);
    expect({ code: real.code, stderr: real.stderr }).toEqual({ code: 0, stderr: '' });
    expect(real.stdout).toBe(inProcess.stdout);
  });
});

describe('kafka scenario usage errors exit 2 with a message and print nothing on stdout', () => {
  it('an unknown scenario: the message lists the shipped names', async () => {
    const run = await cli(['scenario', 'leader-failure']);
    expect({ code: run.code, stdout: run.stdout }).toEqual({ code: 2, stdout: '' });
    expect(run.stderr).toMatch(/There is no scenario "leader-failure"/);
    for (const name of SHIPPED) expect(run.stderr).toContain(name);
  });

  it('a malformed script file: file:line: problem', async () => {
    const path = scriptFile('broken.scenario', ['brokers 3', 'topic t', 'at 1s explode broker-1', 'run 5s']);
    const run = await cli(['scenario', path]);
    expect({ code: run.code, stdout: run.stdout }).toEqual({ code: 2, stdout: '' });
    expect(run.stderr).toContain(`${path}:3: unknown action "explode"`);
  });

  it('a script that names a broker the cluster lacks: file:line: problem', async () => {
    const path = scriptFile('no-such-broker.scenario', ['brokers 3', 'topic t', 'at 1s crash broker-7', 'run 5s']);
    const run = await cli(['scenario', path]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`${path}:3: unknown node "broker-7"`);
  });

  it.each([['abc'], ['-1'], ['1.5'], ['4294967296']])('--seed %s', async (seed) => {
    const run = await cli(['scenario', 'leader-failover', '--seed', seed]);
    expect({ code: run.code, stdout: run.stdout }).toEqual({ code: 2, stdout: '' });
    expect(run.stderr).toMatch(/seed must be a whole number from 0 to 4294967295/);
  });

  it('no scenario name and no --list', async () => {
    const run = await cli(['scenario']);
    expect({ code: run.code, stdout: run.stdout }).toEqual({ code: 2, stdout: '' });
    expect(run.stderr).toMatch(/name a scenario to run, or use --list/);
  });

  it('an unknown option', async () => {
    const run = await cli(['scenario', 'leader-failover', '--sed', '3']);
    expect({ code: run.code, stdout: run.stdout }).toEqual({ code: 2, stdout: '' });
    expect(run.stderr).toMatch(/unknown option '--sed'/);
  });

  // KNOWN BUGS (reported, not fixed here): scripts that parse but cannot run escape as exceptions
  // the scenario command does not turn into usage errors. When fixed, these start passing: drop `.fails`.
  it('a cluster that never starts (network loss=1) is a usage error naming the script', async () => {
    const path = scriptFile('lossy.scenario', ['brokers 3', 'network loss=1', 'topic t', 'run 5s']);
    const run = await cli(['scenario', path]);
    expect(run.code).toBe(2);
  });

  it('a client named "sim", the simulator\'s reserved name, is refused with its line', async () => {
    const path = scriptFile('reserved.scenario', ['brokers 1', 'topic t', 'producer sim', 'run 1s']);
    const run = await cli(['scenario', path]);
    expect(run.code).toBe(2);
  });
});
