/**
 * Running a playground on the virtual clock: paused or running, single steps, speed, and a
 * version number that changes whenever the simulation moved so the view redraws.
 */
import { useCallback, useEffect, useState } from 'react';
import type { SteppableSimulation } from './recorded-simulation.js';

/** Real milliseconds between frames while running. */
export const FRAME_INTERVAL_MS = 100;
/** Virtual milliseconds per real millisecond. */
export const SPEEDS = [0.1, 0.25, 0.5, 1, 2, 4, 8, 16] as const;
const DEFAULT_SPEED_INDEX = 3;

export interface Playback {
  readonly running: boolean;
  readonly speed: number;
  /** Bumped whenever the simulation changed; read it so the view re-renders. */
  readonly version: number;
  toggleRunning(): void;
  step(): void;
  faster(): void;
  slower(): void;
  /** Call after changing the simulation outside the clock (an action, a rebuild). */
  touched(): void;
}

export function usePlayback(simulation: SteppableSimulation, startRunning = false): Playback {
  const [running, setRunning] = useState(startRunning);
  const [speedIndex, setSpeedIndex] = useState(DEFAULT_SPEED_INDEX);
  const [version, setVersion] = useState(0);
  const speed = SPEEDS[speedIndex]!;
  const touched = useCallback(() => setVersion((value) => value + 1), []);

  useEffect(() => {
    if (!running) return undefined;
    const timer = setInterval(() => {
      simulation.advanceBy(Math.max(1, Math.round(FRAME_INTERVAL_MS * speed)));
      touched();
    }, FRAME_INTERVAL_MS);
    return () => clearInterval(timer);
  }, [running, speed, simulation, touched]);

  return {
    running,
    speed,
    version,
    toggleRunning: () => setRunning((value) => !value),
    step: () => {
      setRunning(false);
      simulation.stepToNextEvent();
      touched();
    },
    faster: () => setSpeedIndex((index) => Math.min(SPEEDS.length - 1, index + 1)),
    slower: () => setSpeedIndex((index) => Math.max(0, index - 1)),
    touched,
  };
}
