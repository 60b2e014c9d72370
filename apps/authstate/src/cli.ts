/** Runs the CLI with `argv` and resolves to the exit code. */
export async function main(_argv: string[]): Promise<number> {
  return 0;
}
