/**
 * Time from launching a command to its first frame on a terminal: the command runs under `script`
 * (a pseudo-terminal, so Ink sees a TTY), the clock stops when `marker` appears in its output, then
 * `q` is typed and the process must end. Wall-clock milliseconds, launch included.
 */
import { spawn } from 'node:child_process';

export interface LaunchResult {
  /** Milliseconds from spawn to the marker, or undefined if it never showed. */
  readonly firstFrameMs: number | undefined;
  readonly output: string;
}

const GIVE_UP_MS = 20_000;

export function launchToFirstFrame(command: string, marker: string, cwd: string): Promise<LaunchResult> {
  return new Promise((resolve) => {
    const started = performance.now();
    const child = spawn('script', ['-qfec', command, '/dev/null'], { cwd, env: { ...process.env, COLUMNS: '80', LINES: '24' }, stdio: ['pipe', 'pipe', 'pipe'] });
    let output = '';
    let firstFrameMs: number | undefined;
    const finish = () => {
      clearTimeout(giveUp);
      resolve({ firstFrameMs, output });
    };
    const giveUp = setTimeout(() => child.kill('SIGKILL'), GIVE_UP_MS);
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (firstFrameMs === undefined && output.includes(marker)) {
        firstFrameMs = performance.now() - started;
        // Let Ink start reading keys, then leave as a learner would.
        setTimeout(() => child.stdin.write('q'), 300);
        setTimeout(() => child.kill('SIGKILL'), 5_000).unref();
      }
    });
    child.on('exit', finish);
  });
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}
