// Fixed-width text table for the human-readable part of the report.

const fmtNumber = (n, digits) =>
  n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });

export function formatTable(rows, baseline) {
  const header = ['case', 'value', 'unit', `ratio vs ${baseline}`];
  const body = rows.map((r) => [r.name, fmtNumber(r.value, 1), r.unit, fmtNumber(r.ratio, 3)]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((row) => row[i].length)));
  // Text columns left-aligned, numbers right-aligned so the digits line up.
  const right = [false, true, false, true];
  const line = (cells) =>
    cells.map((c, i) => (right[i] ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join('  ').trimEnd();
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...body.map(line)].join('\n');
}
