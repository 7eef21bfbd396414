// Turns the measurements into the summary table and the pass/miss verdict on each performance target.
import { int, percent, ratio, table } from '../lib/format.js';
import { verdict } from '../lib/runner.js';

export const TARGETS = [
  { alg: 'RS256', label: 'RS256: Tessera >= 1.1x oidc-provider', min: 1.1, of: 'oidc-provider', show: ratio },
  {
    alg: 'RS256',
    label: 'RS256: Tessera >= 70% of the signing ceiling',
    min: 0.7,
    of: 'ceiling',
    show: percent,
  },
  { alg: 'ES256', label: 'ES256: Tessera >= 1.5x oidc-provider', min: 1.5, of: 'oidc-provider', show: ratio },
];

const rate = (entry) => entry?.perSecond ?? entry?.okPerSecond;
const problemsOf = (entry) => (entry?.error ? ['failed'] : (entry?.problems ?? []));

export function summaryTable(results) {
  const rows = Object.entries(results).map(([alg, r]) => {
    const flags = [...problemsOf(r['oidc-provider']), ...problemsOf(r.tessera)];
    return [
      alg,
      int(rate(r.ceiling)),
      int(rate(r['oidc-provider'])),
      int(rate(r.tessera)),
      ratio(rate(r.tessera) / rate(r['oidc-provider'])),
      percent(rate(r.tessera) / rate(r.ceiling)),
      percent(rate(r['oidc-provider']) / rate(r.ceiling)),
      flags.length === 0 ? 'ok' : 'FLAGGED (see above)',
    ];
  });
  return table(
    [
      'alg',
      'ceiling sig/s',
      'oidc-provider req/s',
      'Tessera req/s',
      'Tessera/oidc-provider',
      'Tessera/ceiling',
      'oidc-provider/ceiling',
      'runs',
    ],
    rows,
  );
}

/** One line per target: the measured value and met / NOT met / not measured (with a warning if a run erred). */
export function targetLines(results) {
  return TARGETS.map((target) => {
    const r = results[target.alg] ?? {};
    const value = rate(r.tessera) / rate(r[target.of]);
    const flagged = [...problemsOf(r.tessera), ...problemsOf(r[target.of])].length > 0;
    const said = verdict(value, target.min, { trustworthy: !flagged });
    return `  ${target.label.padEnd(46)} ${target.show(value).padStart(6)}  ${said}`;
  });
}
