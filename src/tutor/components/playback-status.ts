import type { Playback } from '../playgrounds/shared/use-playback.js';

/** "seed 7 · t=1.20s · ▶ 2x" for a playground's title line. */
export function playbackStatus(seed: number, elapsedMs: number, playback: Playback): string {
  const state = playback.running ? `▶ ${playback.speed}x` : `⏸ paused (${playback.speed}x)`;
  return `seed ${seed} · t=${(elapsedMs / 1000).toFixed(2)}s · ${state}`;
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
