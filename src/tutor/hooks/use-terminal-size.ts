import { useStdout } from 'ink';
import { useEffect, useState } from 'react';

export interface TerminalSize {
  readonly columns: number;
  readonly rows: number;
}

/** The smallest terminal the tutor promises to fit (the classic 80x24). */
export const MIN_SIZE: TerminalSize = { columns: 80, rows: 24 };

/**
 * The tutor draws one row less than the terminal has: Ink clears the whole terminal on every frame
 * whose output is as tall as the terminal (log-update), which flickers. So 80x24 gives 23 rows.
 */
function measure(stdout: NodeJS.WriteStream): TerminalSize {
  return { columns: stdout.columns || MIN_SIZE.columns, rows: (stdout.rows || MIN_SIZE.rows) - 1 };
}

/** The size the tutor draws in (see measure), updated on every resize so screens redraw to fit. */
export function useTerminalSize(): TerminalSize {
  const { stdout } = useStdout();
  const [size, setSize] = useState(() => measure(stdout));
  useEffect(() => {
    const onResize = () => setSize(measure(stdout));
    stdout.on('resize', onResize);
    onResize(); // a resize between the first render and this subscription would be lost otherwise
    return () => {
      stdout.off('resize', onResize);
    };
  }, [stdout]);
  return size;
}
