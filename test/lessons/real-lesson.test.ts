/**
 * The shipped lesson 02: it loads, covers its five objectives, links each topic to its playground
 * and exercise, and its generated diagrams say what the reference Kafka does.
 */
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { partitionForKey, utf8KeyBytes } from '../../src/kafka/partitioning/index.js';
import { LessonFileError, loadLesson, loadQuiz, type LessonSection } from '../../src/lessons/index.js';
import { runKraftFailover } from '../../src/sim/kraft/kraft-failover.js';
import { runZkFailover } from '../../src/sim/zookeeper/zk-failover.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const lesson = loadLesson(ROOT, '02');
const byId = (id: string): LessonSection => {
  const section = lesson.sections.find((candidate) => candidate.id === id);
  if (section === undefined) throw new Error(`no section "${id}" (have: ${lesson.sections.map((s) => s.id).join(', ')})`);
  return section;
};
const partitionOf = (key: string, partitions: number): number => partitionForKey(utf8KeyBytes(key), partitions);

describe('lesson 02', () => {
  it('has a title, five objectives and sections for each of them', () => {
    expect(lesson.labId).toBe('02');
    expect(lesson.title).not.toBe('');
    expect(lesson.objectives).toHaveLength(5);
    for (const objective of [1, 2, 3, 4, 5]) {
      expect(lesson.sections.some((section) => section.objective === objective), `objective ${objective}`).toBe(true);
    }
  });

  it('also loads with the lab id written as "2"', () => {
    expect(loadLesson(ROOT, '2').sections.map((section) => section.id)).toEqual(lesson.sections.map((section) => section.id));
  });

  it('links the sections to the playgrounds and exercises that practise them', () => {
    const links = (id: string) => [byId(id).playground, byId(id).exercise];
    expect(links('choosing-a-partition-for-a-keyed-record')).toEqual(['partitioning', '01-partitioner']);
    expect(links('records-without-a-key')).toEqual(['partitioning', '01-partitioner']);
    expect(links('replication-leaders-and-followers')).toEqual(['replication', '02-high-watermark-and-acks']);
    expect(links('the-high-watermark')).toEqual(['replication', '02-high-watermark-and-acks']);
    expect(links('acks-and-min-insync-replicas')).toEqual(['replication', '02-high-watermark-and-acks']);
    expect(links('the-in-sync-replica-set')).toEqual(['replication', '03-isr']);
    expect(links('when-a-leader-fails')).toEqual(['replication', '04-leader-election']);
    expect(links('kraft-the-metadata-quorum')).toEqual(['kraft', '05-kraft-vote']);
    expect(links('consumer-groups')).toEqual(['groups', '06-range-assignor']);
    expect(byId('one-message-end-to-end').playground).toBe('message-flow');
    // Every playground and every exercise is reachable from some section.
    const playgrounds = new Set(lesson.sections.map((section) => section.playground));
    for (const id of ['partitioning', 'replication', 'kraft', 'groups', 'message-flow']) expect(playgrounds.has(id as never), id).toBe(true);
  });

  it('shows the links in the text too, with a "Try it" note', () => {
    for (const section of lesson.sections) {
      if (section.playground === undefined && section.exercise === undefined) continue;
      const note = section.markdown.split('\n').at(-1)!;
      expect(note, section.id).toMatch(/^> \*\*Try it:\*\*/);
      if (section.playground !== undefined) expect(note, section.id).toContain(`\`${section.playground}\``);
      if (section.exercise !== undefined) expect(note, section.id).toContain(`\`${section.exercise}\``);
    }
  });

  it('leaves no placeholder or generated block unfilled', () => {
    for (const section of lesson.sections) {
      expect(section.markdown, section.id).not.toMatch(/\{\{|\}\}|```generated|<!--/);
    }
  });

  it('quotes the partitions of the course keys as murmur2 computes them, not as the course drew them', () => {
    const keyed = byId('choosing-a-partition-for-a-keyed-record').markdown;
    const user123 = partitionOf('user-123', 3);
    const user456 = partitionOf('user-456', 3);
    expect(keyed).toMatch(new RegExp(`"user-123" +-?\\d+ +\\d+ +→ ${user123}`));
    expect(keyed).toMatch(new RegExp(`"user-456" +-?\\d+ +\\d+ +→ ${user456}`));
    expect(keyed).toContain(`*both* keys on partition ${user456}`);
    expect(keyed).toContain(`with 4 it moves to\n  ${partitionOf('user-123', 4)}.`);
    expect(byId('one-message-end-to-end').markdown).toContain(`hashes the key: partition\n   ${user456}.`);
  });

  it('draws the ISR after a leader crash from a simulated cluster: broker 2 leads, ISR {2, 3}', () => {
    const diagram = byId('when-a-leader-fails').markdown;
    expect(diagram).toMatch(/before +leader 1 +ISR \{1, 2, 3\} +leader epoch 0/);
    expect(diagram).toMatch(/controller fences broker 1/);
    expect(diagram).toMatch(/after +leader 2 +ISR \{2, 3\} +leader epoch 1/);
  });

  it('traces one record end to end: partitioned by murmur2, acknowledged after the HW moves, committed as the next offset', () => {
    const flow = byId('one-message-end-to-end').markdown;
    const lines = flow.split('\n');
    const at = (pattern: RegExp): number => lines.findIndex((line) => pattern.test(line));
    const partitioned = at(new RegExp(`key "user-456" -> partition ${partitionOf('user-456', 3)}`));
    const leaderHw = at(/leader HW 0 -> 1/);
    const acknowledged = at(/acknowledged at offset 0/);
    const committed = at(/commits offset 1/);
    expect(partitioned).toBeGreaterThanOrEqual(0);
    expect(leaderHw).toBeGreaterThan(partitioned);
    expect(acknowledged).toBeGreaterThan(leaderHw);
    expect(committed).toBeGreaterThan(acknowledged);
  });

  it('quotes the controller failover times the simulator measures, KRaft before ZooKeeper mode, for the same seed', () => {
    const text = byId('zookeeper-mode-and-why-it-is-gone').markdown;
    const kraft = runKraftFailover({ seed: 7, partitions: 6 }).times;
    const zookeeper = runZkFailover({ seed: 7, partitions: 6 }).times;
    const ms = (value: number | undefined): string => `${value!.toLocaleString('en-US')} ms`;
    expect(text).toMatch(new RegExp(`a new active controller +${ms(kraft.newControllerMs)} +${ms(zookeeper.newControllerMs)}`));
    expect(text).toMatch(new RegExp(`first moved partition led +${ms(kraft.firstNewPartitionLeaderMs)} +${ms(zookeeper.firstNewPartitionLeaderMs)}`));
    expect(kraft.newControllerMs!).toBeLessThan(zookeeper.newControllerMs!);
  });

  it('draws the high watermark where the reference rule puts it', () => {
    const text = byId('the-high-watermark').markdown;
    expect(text).toContain('HW 8: offsets 0..7 committed');
    expect(text).toContain('HW 6: offsets 0..5 committed');
  });
});

describe('loading errors', () => {
  const root = mkdtempSync(join(tmpdir(), 'lesson-load-'));

  it('names the missing lesson folder', () => {
    expect(() => loadLesson(root, '02')).toThrow(LessonFileError);
    expect(() => loadLesson(root, '02')).toThrow(/no lessons folder/);
    mkdirSync(join(root, 'lessons'));
    expect(() => loadLesson(root, '07')).toThrow(/lessons\/07-\*:1: no lesson folder for lab "07"/);
  });

  it('names a missing lesson.md or quiz.md with its path', () => {
    mkdirSync(join(root, 'lessons', '02-test'), { recursive: true });
    expect(() => loadLesson(root, '02')).toThrow('lessons/02-test/lesson.md:1: file not found');
    writeFileSync(join(root, 'lessons', '02-test', 'lesson.md'), '# T\n\n## Learning objectives\n1. One\n\n## S\n<!-- section objective=1 -->\nText.\n');
    expect(loadLesson(root, '02').sections).toHaveLength(1);
    expect(() => loadQuiz(root, '02')).toThrow('lessons/02-test/quiz.md:1: file not found');
  });
});
