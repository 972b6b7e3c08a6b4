// What a pool loop's outcome says went wrong: sends left unanswered, error frames by code.
// (The loops themselves run in the load workers: pool/load-worker.ts.)
import { formatCounts } from '../format.js';

export function loopProblems(
  id: string,
  out: { drained: boolean; errorCodes: ReadonlyMap<string, number> },
  drainMs: number,
): string[] {
  const problems: string[] = [];
  if (!out.drained) problems.push(`${id}: some sends were still unanswered ${drainMs} ms after sending stopped`);
  if (out.errorCodes.size) problems.push(`${id}: error frames: ${formatCounts(out.errorCodes)}`);
  return problems;
}
