/**
 * Where the kafka CLI writes. Commands never touch process.stdout directly, so tests can run the
 * program in-process and capture both streams.
 */
export interface CliIo {
  writeOut(text: string): void;
  writeErr(text: string): void;
}

export const processIo: CliIo = {
  writeOut: (text) => void process.stdout.write(text),
  writeErr: (text) => void process.stderr.write(text),
};

/** An in-memory CliIo: `out` and `err` hold everything written so far. */
export function bufferedIo(): CliIo & { out: string; err: string } {
  const io = {
    out: '',
    err: '',
    writeOut(text: string): void {
      io.out += text;
    },
    writeErr(text: string): void {
      io.err += text;
    },
  };
  return io;
}
