#!/usr/bin/env node
/**
 * Builds dist/lab.mjs, the one-file bundle of `npm run lab` (src/cli/lab.ts, everything it imports
 * from src/, and the packages it uses: Ink, React, markdown-it, chokidar), so the tutor starts from
 * plain node without compiling TypeScript or resolving hundreds of package files on every launch.
 * Measured with bench/tutor/first-frame.bench.ts: through tsx the first frame takes about twice as
 * long as the bundle; with the packages left in node_modules it took about 1.2x a bare Ink hello,
 * with them bundled about 0.6x.
 *
 * Left out of the bundle: typescript (the lab runner's type-check thread loads it, in a thread of
 * its own), esbuild, and react-devtools-core, which Ink only loads with DEV=true: a no-op stands in.
 * React is bundled in its production build, as bin/lab.mjs asks for.
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

/** Ink imports react-devtools-core only when DEV=true; the bundle carries a no-op in its place. */
const noDevtools = {
  name: 'no-react-devtools',
  setup(build) {
    build.onResolve({ filter: /^react-devtools-core$/ }, () => ({ path: 'react-devtools-core', namespace: 'no-react-devtools' }));
    build.onLoad({ filter: /.*/, namespace: 'no-react-devtools' }, () => ({
      contents: 'export default { initialize() {}, connectToDevTools() {} };',
    }));
  },
};

/**
 * Bundles `entry` (TypeScript, JSX) and the packages it imports into one ESM file for Node 20;
 * the paths in `external` stay out (the bench's in-memory tutor leaves out the real services).
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
    external: ['typescript', 'esbuild', 'fsevents', ...external],
    plugins: [noDevtools],
    define: { 'process.env.NODE_ENV': '"production"' },
    // CommonJS packages inside an ES module bundle still call require() for Node's own modules.
    banner: { js: "import { createRequire as __workbookRequire } from 'node:module'; const require = __workbookRequire(import.meta.url);" },
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
