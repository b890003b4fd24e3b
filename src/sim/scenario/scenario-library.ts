/**
 * The named scenarios shipped in scenarios/*.scenario, and loading a scenario by name or path.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { projectFile } from '../../project-root.js';
import { parseScenario } from './parse-scenario.js';
import type { Scenario } from './scenario.js';

export const SCENARIO_DIRECTORY = projectFile('scenarios');
const EXTENSION = '.scenario';

export class ScenarioNotFoundError extends Error {
  override readonly name = 'ScenarioNotFoundError';
}

export function scenarioNames(): string[] {
  return readdirSync(SCENARIO_DIRECTORY)
    .filter((file) => file.endsWith(EXTENSION))
    .map((file) => file.slice(0, -EXTENSION.length))
    .sort();
}

export function listScenarios(): Array<{ name: string; description: string }> {
  return scenarioNames().map((name) => ({ name, description: loadScenario(name).description }));
}

/** A shipped scenario's name ("leader-failover"), or the path of a script file of one's own. */
export function loadScenario(nameOrPath: string): Scenario {
  const shipped = resolve(SCENARIO_DIRECTORY, `${nameOrPath}${EXTENSION}`);
  const isName = /^[a-z0-9-]+$/.test(nameOrPath) && existsSync(shipped);
  const path = isName ? shipped : resolve(nameOrPath);
  if (!isName && !existsSync(path)) {
    throw new ScenarioNotFoundError(`There is no scenario "${nameOrPath}": not a shipped name (${scenarioNames().join(', ')}) and no such file.`);
  }
  const name = basename(path, EXTENSION);
  return parseScenario(readFileSync(path, 'utf8'), name, isName ? `scenarios/${name}${EXTENSION}` : nameOrPath);
}
