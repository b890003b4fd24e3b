/** Every playground, and its `?` help, fits 80x24 with every key listed (a learner review found both cut). */
import { describe, expect, it } from 'vitest';
import { formatClock } from '../../../src/tutor/components/playback-status.js';
import { render } from 'ink-testing-library';
import { EventLines } from '../../../src/tutor/playgrounds/shared/event-lines.js';
import { helpLines } from '../../../src/tutor/screens/help-overlay.js';
import { fits, renderTutor } from '../support/render-tutor.js';

/** Each playground with its title and the first and last of its own keys as the key bar writes them. */
const PLAYGROUNDS = [
  { id: 'partitioning', title: 'partitioning', first: 'k type a key', action: 'send key' },
  { id: 'replication', title: 'replication', first: 'p produce', action: 'produce' },
  { id: 'kraft', title: 'KRaft', first: 'k kill active controller', action: 'kill active controller' },
  { id: 'groups', title: 'consumer groups', first: '+ add', action: 'add' },
  { id: 'message-flow', title: 'message flow', first: '→ . next hop', action: 'next hop' },
] as const;

const GLOBAL_BAR = ['Esc back', '? help', 'q quit'];

describe('playgrounds at 80x24', () => {
  for (const [index, playground] of PLAYGROUNDS.entries()) {
    it(`${playground.id}: the frame fits with the whole key bar, running or not, and ? lists every key`, async () => {
      // Opened from the list, as a learner does, so Esc has somewhere to go back to.
      const tutor = renderTutor({ route: { screen: 'playgrounds' } });
      await tutor.waitFor('Playgrounds');
      await tutor.press(String(index + 1));
      await tutor.waitFor(playground.title);
      await tutor.press('p', '.', '.', '.', '.', '.', '.', '.', '.');
      const frame = tutor.frame();
      expect(fits(frame, 80, 24), frame).toBe(true);
      const bar = frame.split('\n').slice(-3).join('\n');
      for (const key of [playground.first, 'n next seed', ...GLOBAL_BAR]) expect(bar, frame).toContain(key);
      await tutor.press('?');
      const help = tutor.frame();
      expect(fits(help, 80, 24), help).toBe(true);
      expect(help.split('\n')[0]).toBe('Help: keys');
      for (const action of [playground.action, 'next seed', 'back', 'quit, always', 'Press ? or Esc']) expect(help, help).toContain(action);
      tutor.unmount();
    });
  }
});

describe('the help layout', () => {
  const keys = Array.from({ length: 14 }, (_, index) => ({ keys: `k${index}`, action: `action number ${index}` }));
  for (const rows of [30, 24, 16]) {
    it(`lists every key within ${rows} rows, in two columns when one is too tall`, () => {
      const lines = helpLines(keys, undefined, 80, rows);
      expect(lines.length).toBeLessThanOrEqual(rows);
      expect(lines.every((line) => line.text.length <= 80)).toBe(true);
      const text = lines.map((line) => line.text).join('\n');
      for (const hint of keys) expect(text).toMatch(new RegExp(`${hint.keys} +${hint.action}`));
      expect(text).toContain('Ctrl-C');
    });
  }
});

describe('an empty trace', () => {
  it('asks for space or . only while the clock is stopped', () => {
    const paused = render(<EventLines events={[]} width={80} running={false} />);
    expect(paused.lastFrame()).toContain('press space');
    const running = render(<EventLines events={[]} width={80} running />);
    expect(running.lastFrame()).toContain('running: no events yet');
    expect(running.lastFrame()).not.toContain('press space');
  });
});

describe('the clock', () => {
  it('is written in whole milliseconds below 10 s, as the traces write it, and in tenths of a second above', () => {
    expect([0, 45, 1541, 9_999, 10_000, 12_345].map(formatClock)).toEqual(['0ms', '45ms', '1541ms', '9999ms', '10.0s', '12.3s']);
  });
});
