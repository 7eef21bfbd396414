// Says how long someone has to wait as a person would ("in 2 seconds", "in 3 minutes"), plural-correct (Intl).
const RELATIVE_TIME = new Intl.RelativeTimeFormat('en', { numeric: 'always' });

/**
 * Never less than the real wait: whole seconds under two minutes, then minutes (to fifteen and beyond) and hours,
 * each rounded up.
 */
export function inHowLong(seconds: number): string {
  const wait = Math.max(1, Math.ceil(seconds));
  if (wait < 120) return RELATIVE_TIME.format(wait, 'second');
  if (wait < 2 * 3600) return RELATIVE_TIME.format(Math.ceil(wait / 60), 'minute');
  return RELATIVE_TIME.format(Math.ceil(wait / 3600), 'hour');
}
