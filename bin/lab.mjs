#!/usr/bin/env node
/**
 * `npm run lab`: a plain-node launcher that starts fast. It runs dist/lab.mjs, the prebuilt bundle
 * of src/cli/lab.ts and its packages (bin/build-bundle.mjs), rebuilding it first when any file
 * under src/ is newer, or npm has changed node_modules since,
 * and falls back to running the TypeScript through tsx when the bundle cannot be built.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { buildBundle, labBundle, labEntry, projectRoot } from './build-bundle.mjs';

/** Newest modification time under `folder` (src/ has a few hundred files: a few milliseconds). */
function newestChange(folder) {
  let newest = 0;
  for (const entry of readdirSync(folder, { withFileTypes: true })) {
    const path = join(folder, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestChange(path) : statSync(path).mtimeMs);
  }
  return newest;
}

/** When npm last changed node_modules (the bundle carries the packages too); 0 if unknown. */
function packagesChangedAt() {
  const lock = join(projectRoot, 'node_modules/.package-lock.json');
  return existsSync(lock) ? statSync(lock).mtimeMs : 0;
}

function bundleIsFresh() {
  if (!existsSync(labBundle)) return false;
  const builtAt = statSync(labBundle).mtimeMs;
  return builtAt >= newestChange(join(projectRoot, 'src')) && builtAt >= packagesChangedAt();
}

async function ensureBundle() {
  if (bundleIsFresh()) return true;
  try {
    await buildBundle();
    return true;
  } catch (error) {
    process.stderr.write(`(could not build the fast-start bundle, using tsx: ${error instanceof Error ? error.message : String(error)})\n`);
    return false;
  }
}

// React and Ink's production builds: half the work per frame of their development builds.
process.env.NODE_ENV ??= 'production';

// A person at a terminal is not a CI job, whatever the environment says. Where CI is set (a
// container, a CI shell, this project's own CI), Ink draws only the last frame, on exit, and the
// tutor would show a blank screen. Ink reads the variable once, when it loads: so before the bundle.
if (process.stdout.isTTY && process.stdin.isTTY) {
  for (const variable of ['CI', 'CONTINUOUS_INTEGRATION']) if (variable in process.env) process.env[variable] = 'false';
}

if (await ensureBundle()) {
  // lab.ts runs its main() only when it is the script node was started with.
  process.argv[1] = labBundle;
  await import(pathToFileURL(labBundle).href);
} else {
  const result = spawnSync(process.execPath, ['--import', 'tsx', labEntry, ...process.argv.slice(2)], { stdio: 'inherit' });
  process.exitCode = result.status ?? 1;
}
