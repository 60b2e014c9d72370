/** Prints the demo's steps: what was done and what it proved. */
export interface DemoReporter {
  /** A section heading. */
  section(title: string): void;
  /** One step done, and what it proved. */
  step(done: string, proved: string): void;
  /** A detail line (a command to try, a path). */
  detail(line: string): void;
}

/** A reporter writing to a stream (stdout for the `demo` command). */
export function streamReporter(write: (s: string) => void = (s) => process.stdout.write(s)): DemoReporter & { steps: number } {
  const r = {
    steps: 0,
    section(title: string) {
      write(`\n== ${title}\n`);
    },
    step(done: string, proved: string) {
      r.steps++;
      write(`  ✔ ${done}\n      proves: ${proved}\n`);
    },
    detail(line: string) {
      write(`    ${line}\n`);
    },
  };
  return r;
}
