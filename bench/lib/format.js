// Number formatting and plain-text tables for the benchmark report.

export const int = (n) => (Number.isFinite(n) ? Math.round(n).toLocaleString('en-US') : '-');
export const ratio = (n) => (Number.isFinite(n) ? `${n.toFixed(2)}x` : '-');
export const percent = (n) => (Number.isFinite(n) ? `${Math.round(n * 100)}%` : '-');

/** Left-aligned text columns, right-aligned numbers, two spaces apart. */
export function table(header, rows, indent = '  ') {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => String(row[i]).length)));
  const numeric = header.map((_, i) => rows.length > 0 && rows.every((row) => /^[-\d.,x%]+$/.test(row[i])));
  const line = (cells) =>
    indent +
    cells
      .map((cell, i) => (numeric[i] ? String(cell).padStart(widths[i]) : String(cell).padEnd(widths[i])))
      .join('  ')
      .trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}
