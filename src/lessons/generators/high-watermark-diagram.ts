/**
 * Diagram: each replica's log, the ISR and where the high watermark sits, with the HW computed by
 * the reference rule (src/kafka/replication/high-watermark.ts through computations.ts).
 *
 *     generated high-watermark leader=1 leader-leo=10 isr=1,2 leos=2:8,3:6
 */
import { computations } from '../computations.js';
import { ArgumentProblem, type DirectiveArgs } from '../directive-args.js';

const MAX_OFFSETS_DRAWN = 16;

export function highWatermarkDiagram(args: DirectiveArgs): string[] {
  const compute = computations.get('high-watermark')!;
  const highWatermark = Number(compute(args).answer);
  const leader = args.integer('leader', 0, 1_000);
  const leaderLogEndOffset = args.integer('leader-leo');
  if (leaderLogEndOffset > MAX_OFFSETS_DRAWN) throw new ArgumentProblem(`high-watermark draws at most ${MAX_OFFSETS_DRAWN} offsets`);
  const isr = args.integerList('isr', 0, 1_000);
  const replicas: Array<[number, number]> = [[leader, leaderLogEndOffset], ...[...args.integerPairs('leos')].map(([id, leo]): [number, number] => [Number(id), leo])];

  const label = (id: number): string => `broker ${id}${id === leader ? ' (L)' : '    '}`;
  const labelWidth = Math.max(...replicas.map(([id]) => label(id).length));
  const cells = (count: number): string =>
    Array.from({ length: leaderLogEndOffset }, (_, offset) => (offset < count ? '■' : '·')).join(' ');

  const header = Array.from({ length: leaderLogEndOffset }, (_, offset) => String(offset % 10)).join(' ');
  const lines = [`${''.padEnd(labelWidth)}  ${header}`];
  for (const [id, leo] of replicas) {
    const membership = isr.includes(id) ? 'in ISR' : 'out of ISR';
    lines.push(`${label(id).padEnd(labelWidth)}  ${cells(leo)}   LEO ${leo}, ${membership}`);
  }
  const markerColumn = labelWidth + 2 + highWatermark * 2;
  const committed = highWatermark === 0 ? 'nothing committed yet' : `offsets 0..${highWatermark - 1} committed`;
  lines.push(`${' '.repeat(Math.max(0, markerColumn - 1))}▲`);
  lines.push(`${' '.repeat(Math.max(0, markerColumn - 1))}HW ${highWatermark}: ${committed}`);
  return lines;
}
