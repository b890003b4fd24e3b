/**
 * startTutor on a terminal: it draws in the alternate screen and, when the learner presses q or
 * Ctrl-C, leaves it with the cursor shown, so their terminal is as it was.
 */
import { EventEmitter } from 'node:events';
import { describe, expect, it, vi } from 'vitest';
import { startTutor } from '../../src/cli/tutor.js';
import { createFakeServices } from './support/fake-services.js';
import { settle } from './support/render-tutor.js';

// As bin/lab.mjs does for a learner's terminal: Ink draws only the last frame where CI is set,
// and reads the variable once, as it loads (so before the imports above run).
vi.hoisted(() => {
  for (const variable of ['CI', 'CONTINUOUS_INTEGRATION']) if (variable in process.env) process.env[variable] = 'false';
});

class FakeTerminalOut extends EventEmitter {
  readonly isTTY = true;
  columns = 80;
  rows = 24;
  written = '';
  write = (chunk: string) => {
    this.written += chunk;
    return true;
  };
}

class FakeTerminalIn extends EventEmitter {
  readonly isTTY = true;
  private pending: string | null = null;
  type(text: string) {
    this.pending = text;
    this.emit('readable');
    this.emit('data', text);
  }
  read = () => {
    const text = this.pending;
    this.pending = null;
    return text;
  };
  setEncoding() {}
  setRawMode() {}
  resume() {}
  pause() {}
  ref() {}
  unref() {}
}

async function startOnFakeTerminal() {
  const stdout = new FakeTerminalOut();
  const stdin = new FakeTerminalIn();
  const exited = startTutor({
    root: '.',
    labId: '02',
    services: createFakeServices(),
    stdout: stdout as unknown as NodeJS.WriteStream,
    stdin: stdin as unknown as NodeJS.ReadStream,
    env: { NO_COLOR: '1' },
  });
  const deadline = Date.now() + 5_000;
  while (!stdout.written.includes('Lab 02 · Home') && Date.now() < deadline) await settle(10);
  await settle(100);
  return { stdout, stdin, exited };
}

describe('startTutor on a terminal', () => {
  for (const [name, key] of [['q', 'q'], ['Ctrl-C', '\u0003']] as const) {
    it(`draws in the alternate screen and ${name} leaves it, restoring the cursor`, async () => {
      const { stdout, stdin, exited } = await startOnFakeTerminal();
      expect(stdout.written.startsWith('\u001b[?1049h')).toBe(true);
      expect(stdout.written).toContain('Learning objectives');
      stdin.type(key);
      await expect(exited).resolves.toBe(0);
      expect(stdout.written.endsWith('\u001b[?25h\u001b[?1049l')).toBe(true);
    });
  }
});
