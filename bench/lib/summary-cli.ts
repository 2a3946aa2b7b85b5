/** What the two profile summarisers share (bench/profile-summary.ts, bench/trace-summary.ts): arguments and ranked lists. */

/** `<file> [thread filter…] [--top N]`; exits with the usage line when there is no file. */
export function summaryArgs(usage: string): { file: string; filters: string[]; top: number } {
  const args = process.argv.slice(2);
  const topAt = args.indexOf('--top');
  const top = topAt >= 0 ? Number(args.splice(topAt, 2)[1]) : 12;
  const [file, ...filters] = args;
  if (!file) {
    console.error(`usage: ${usage}`);
    process.exit(2);
  }
  return { file, filters, top };
}

/** Counts by key, largest first, the first `top`, one indented line each. */
export function ranked(counts: Map<string, number>, top: number): string {
  return [...counts]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([k, v]) => `    ${String(v).padStart(7)}  ${k.slice(0, 140)}`)
    .join('\n');
}

/** Adds one to `key`'s count. */
export const bump = (counts: Map<string, number>, key: string): void => void counts.set(key, (counts.get(key) ?? 0) + 1);
