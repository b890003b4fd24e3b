/** One figure a benchmark reports: `value` in `unit` (e.g. 12_500_000 "keys/s", or 8.3 "x" for a ratio). */
export interface BenchResult {
  readonly name: string;
  readonly value: number;
  readonly unit: string;
  readonly note?: string;
}

/** A small aligned table for running a benchmark on its own. */
export function formatBenchTable(results: readonly BenchResult[]): string {
  const rows = results.map((result) => [result.name, formatValue(result.value), result.unit, result.note ?? '']);
  const widths = [0, 1, 2].map((column) => Math.max(...rows.map((row) => row[column]!.length)));
  return rows
    .map(([name, value, unit, note]) =>
      `${name!.padEnd(widths[0]!)}  ${value!.padStart(widths[1]!)} ${unit!.padEnd(widths[2]!)}  ${note}`.trimEnd(),
    )
    .join('\n');
}

function formatValue(value: number): string {
  // Counts read as counts (0 runs, not 0.00 runs); rates and ratios keep two decimals below 1,000.
  return value >= 1000 || Number.isInteger(value) ? Math.round(value).toLocaleString('en-US') : value.toFixed(2);
}
