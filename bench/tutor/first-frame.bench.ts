/**
 * Launch to first frame: the tutor against a bare Ink "hello", launched the same way (plain node
 * on a pseudo-terminal), alternately in the same run so both see the same machine load.
 *
 * - `npm run lab 02` itself (bin/lab.mjs → dist/lab.mjs), when lab.ts opens the tutor, against the
 *   hello from node_modules (the goal's yardstick) and the hello bundled the same way (like for like);
 * - the same tutor on the in-memory lab (test/tutor/support/demo-tutor.tsx, bundled the same way),
 *   which measures the tutor alone, also on a branch where the lab runner is not merged;
 * - the in-memory tutor through tsx, to show what the prebuilt bundle saves.
 * The hello and the bundled tutor run with NODE_ENV=production, as bin/lab.mjs sets it.
 * Goal (issue 8): the tutor within 1.3x of the hello.
 *   npx tsx bench/tutor/first-frame.bench.ts
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildBundle, projectRoot } from '../../bin/build-bundle.mjs';
import { formatBenchTable, type BenchResult } from '../result.js';
import { launchToFirstFrame, median } from './launch-to-first-frame.js';

const RUNS = 7;
const HOME_MARKER = 'Lab 02 · Home';

interface Contender {
  readonly name: string;
  readonly command: string;
  readonly marker: string;
}

export async function benchFirstFrame(): Promise<BenchResult[]> {
  const root = projectRoot;
  const demoBundle = join(root, 'dist/bench/demo-tutor.mjs');
  await buildBundle(join(root, 'test/tutor/support/demo-tutor.tsx'), demoBundle, ['*/real-services.js']);
  // The hello bundled as the tutor is (Ink and React inside): the like-for-like comparison.
  const helloBundle = join(root, 'dist/bench/ink-hello.mjs');
  await buildBundle(join(root, 'bench/tutor/ink-hello.mjs'), helloBundle);
  try {
    await buildBundle();
  } catch {
    // On a tree where lab.ts cannot be bundled the launcher falls back to tsx; measured all the same.
  }
  const contenders: readonly Contender[] = [
    { name: 'bare Ink hello (node)', command: `NODE_ENV=production node ${join(root, 'bench/tutor/ink-hello.mjs')}`, marker: 'hello' },
    { name: 'bare Ink hello, bundled as the tutor is (node)', command: `node ${helloBundle}`, marker: 'hello' },
    { name: 'npm run lab 02 (node bin/lab.mjs 02)', command: `node ${join(root, 'bin/lab.mjs')} 02`, marker: HOME_MARKER },
    { name: 'tutor, in-memory lab (node, bundle)', command: `NODE_ENV=production node ${demoBundle}`, marker: HOME_MARKER },
    { name: 'tutor, in-memory lab (node --import tsx)', command: `node --import tsx ${join(root, 'test/tutor/support/demo-tutor.tsx')}`, marker: HOME_MARKER },
  ];
  const times = new Map<string, number[]>(contenders.map((contender) => [contender.name, []]));
  const missing = new Set<string>();
  for (let run = 0; run < RUNS; run++) {
    for (const contender of contenders) {
      if (missing.has(contender.name)) continue;
      const result = await launchToFirstFrame(contender.command, contender.marker, root);
      if (result.firstFrameMs === undefined) missing.add(contender.name);
      else times.get(contender.name)!.push(result.firstFrameMs);
    }
  }
  const hello = median(times.get(contenders[0]!.name)!);
  const bundledHello = median(times.get(contenders[1]!.name)!);
  const results: BenchResult[] = [];
  for (const contender of contenders) {
    if (missing.has(contender.name)) {
      results.push({ name: `first frame: ${contender.name}`, value: 0, unit: 'ms', note: 'no tutor frame (lab.ts does not open the tutor on this tree)' });
      continue;
    }
    const ms = median(times.get(contender.name)!);
    results.push({ name: `first frame: ${contender.name}`, value: Math.round(ms), unit: 'ms', note: `median of ${RUNS}` });
    if (contender === contenders[0]) continue;
    results.push({ name: `  ratio to the bare hello`, value: ms / hello, unit: 'x', note: 'goal ≤ 1.3' });
    if (contender.name.startsWith('npm run lab')) results.push({ name: `  ratio to the bundled hello`, value: ms / bundledHello, unit: 'x', note: 'like for like' });
  }
  return results;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) console.log(formatBenchTable(await benchFirstFrame()));
