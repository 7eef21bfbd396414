// The ReBAC benchmark's report: lines for each measurement, and the comparison of a contender's answers with the
// reference evaluator's.
import { int } from '../lib/format.js';

export const ms = (n) =>
  Number.isFinite(n) ? (n < 1 ? n.toFixed(3) : n < 100 ? n.toFixed(1) : int(n)) : '-';
export const seconds = (n) => (Number.isFinite(n) ? `${n < 10 ? n.toFixed(2) : n.toFixed(1)} s` : '-');
export const mb = (n) => (Number.isFinite(n) ? `${int(n)} MB` : '-');

/** "2,150 checks/s (4,300 in 2.0 s; p50 0.140 ms, p99 5.15 ms, max 42.5 ms)". */
export function rateLine(run, unit = 'checks/s', perOperation = 1) {
  const { latencyMs: l } = run;
  return (
    `${int(run.perSecond * perOperation)} ${unit} (${int(run.operations)} in ${run.seconds.toFixed(1)} s; ` +
    `p50 ${ms(l.p50)} ms, p99 ${ms(l.p99)} ms, max ${ms(l.max)} ms)`
  );
}

/** Errors a closed-loop run met, warm-up included, as problems for runner.flagProblems. */
export function runProblems(label, run) {
  const problems = [];
  if (run.errors > 0) problems.push(`${label}: ${run.errors} errors (first: ${run.firstError})`);
  if (run.warmupErrors > 0)
    problems.push(`${label}: ${run.warmupErrors} errors in the warm-up (first: ${run.warmupFirstError})`);
  return problems;
}

/**
 * How a contender's answers ('1' allowed, '0' denied) compare with the expected ones, over the answers it gave:
 * `{ compared, wrong, firstWrong }`, firstWrong the index of the first disagreement.
 */
export function compareAnswers(given, expected) {
  let wrong = 0;
  let firstWrong = -1;
  for (let i = 0; i < given.length; i++) {
    if (given[i] !== expected[i]) {
      wrong++;
      if (firstWrong < 0) firstWrong = i;
    }
  }
  return { compared: given.length, wrong, firstWrong };
}

/** "2,000 answers agree with the reference" or a problem naming the first check answered wrongly. */
export function answerCheck(label, given, expected, describe) {
  const { compared, wrong, firstWrong } = compareAnswers(given, expected);
  if (wrong === 0)
    return { line: `${int(compared)} answers agree with the reference evaluator`, problems: [] };
  return {
    line: `${int(wrong)} of ${int(compared)} answers differ from the reference evaluator`,
    problems: [
      `${label}: ${wrong} of ${compared} answers wrong (first: ${describe(firstWrong)}, expected ${expected[firstWrong] === '1' ? 'allowed' : 'denied'})`,
    ],
  };
}

/** The median run of a ListObjects / LookupResources series (by time to the last object). */
export function medianListRun(runs) {
  const sorted = [...runs].sort((a, b) => a.lastMs - b.lastMs);
  return sorted[Math.floor((sorted.length - 1) / 2)];
}
