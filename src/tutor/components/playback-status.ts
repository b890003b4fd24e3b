import type { Playback } from '../playgrounds/shared/use-playback.js';

/**
 * Virtual time as every playground writes it, in its title and its trace: whole milliseconds below
 * 10 s ("45ms", "1541ms", as the trace lines of src/sim/trace-format), tenths of a second above.
 */
export function formatClock(ms: number): string {
  return ms < 10_000 ? `${Math.round(ms)}ms` : `${(ms / 1000).toFixed(1)}s`;
}

/** "seed 7 · t=1200ms · ▶ 2x" for a playground's title line. */
export function playbackStatus(seed: number, elapsedMs: number, playback: Playback): string {
  const state = playback.running ? `▶ ${playback.speed}x` : `⏸ paused (${playback.speed}x)`;
  return `seed ${seed} · t=${formatClock(elapsedMs)} · ${state}`;
}

export const PLAYBACK_KEYS = [
  { keys: 'space', action: 'run/pause' },
  { keys: '.', action: 'step' },
  { keys: '< >', action: 'speed' },
  { keys: 'r', action: 'replay seed' },
  { keys: 'n', action: 'next seed' },
] as const;

/** Handles the shared playback keys; returns true when it used the key. */
export function handlePlaybackKey(input: string, playback: Playback, replay: () => void, nextSeed: () => void): boolean {
  if (input === ' ') playback.toggleRunning();
  else if (input === '.') playback.step();
  else if (input === '>') playback.faster();
  else if (input === '<') playback.slower();
  else if (input === 'r') replay();
  else if (input === 'n') nextSeed();
  else return false;
  return true;
}
