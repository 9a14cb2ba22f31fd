// The table the fault suites print: per fault and front end, how many runs each operator needed to converge (an
// apply, an `up`) after the fault, on which backend. Rows are collected while the suites run and printed at the end.

/** One measured recovery. */
export interface ConvergenceRow {
  readonly fault: string;
  readonly frontEnd: string;
  readonly backend: string;
  /** Runs per operator until the configuration converged (a second plan or preview with no changes). */
  readonly runs: number;
}

const rows: ConvergenceRow[] = [];

/** Records one recovery. */
export function recordConvergence(row: ConvergenceRow): void {
  rows.push(row);
}

/** The recorded rows as a fixed-width table (empty when none). */
export function convergenceTable(): string {
  if (rows.length === 0) return '';
  const header: ConvergenceRow = { fault: 'fault', frontEnd: 'front end', backend: 'backend', runs: 0 };
  const cells = [header, ...rows].map((row, index) => [row.fault, row.frontEnd, row.backend, index === 0 ? 'runs per operator' : String(row.runs)]);
  const widths = cells[0]!.map((_cell, column) => Math.max(...cells.map((line) => line[column]!.length)));
  return cells.map((line) => line.map((cell, column) => cell.padEnd(widths[column]!)).join('  ').trimEnd()).join('\n');
}

/** Prints the table on stdout once a suite is done (call from afterAll). */
export function printConvergenceTable(title: string): void {
  const table = convergenceTable();
  if (table !== '') process.stdout.write(`\n${title}\n${table}\n`);
}

/**
 * Runs `run` (an apply, an `up`) until `converged` (a plan or preview with no changes) holds, at most `max` times;
 * returns how many runs it took (`max + 1` when it never converged), so the table reports what was measured.
 */
export async function runsToConverge(run: () => Promise<void>, converged: () => Promise<boolean>, max = 3): Promise<number> {
  for (let runs = 1; runs <= max; runs += 1) {
    await run();
    if (await converged()) return runs;
  }
  return max + 1;
}
