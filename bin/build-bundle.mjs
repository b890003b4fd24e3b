#!/usr/bin/env node
/**
 * Builds dist/lab.mjs, the one-file bundle of `npm run lab` (src/cli/lab.ts and everything it
 * imports from src/), so the tutor starts from plain node without compiling TypeScript on every
 * launch: through tsx the first frame takes about twice as long. Packages stay in node_modules.
 *
 * Runs as the `prepare` script (npm ci / npm install in this project) and again from bin/lab.mjs
 * whenever a file under src/ is newer than the bundle. A failed build never fails an install: the
 * launcher then runs the TypeScript through tsx instead.
 */
import { mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const labEntry = join(projectRoot, 'src/cli/lab.ts');
export const labBundle = join(projectRoot, 'dist/lab.mjs');

/**
 * Bundles `entry` (TypeScript, JSX) into one ESM file for Node 20; node_modules stay external,
 * and so do the paths in `external` (the bench's in-memory tutor leaves out the real services).
 */
export async function buildBundle(entry = labEntry, outfile = labBundle, external = []) {
  const { build } = await import('esbuild');
  mkdirSync(dirname(outfile), { recursive: true });
  await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    external,
    jsx: 'automatic',
    sourcemap: 'linked',
    logLevel: 'error',
    tsconfig: join(projectRoot, 'tsconfig.json'),
  });
  return outfile;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  try {
    const started = performance.now();
    await buildBundle();
    console.log(`built ${labBundle} in ${Math.round(performance.now() - started)} ms`);
  } catch (error) {
    console.warn(`could not build ${labBundle} (npm run lab will use tsx instead): ${error instanceof Error ? error.message : String(error)}`);
  }
}
