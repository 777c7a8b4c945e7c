// Helpers for the { baseline, rows } shape every bench returns.

// Fills in ratio = value / baseline value; the baseline is a row name from the same run.
export function withRatios(rows, baseline) {
  const base = rows.find((r) => r.name === baseline);
  if (!base) throw new Error(`baseline row "${baseline}" missing`);
  return rows.map((r) => ({ ...r, ratio: r.value / base.value }));
}

// Catches a malformed bench early instead of printing NaN into a report someone archives.
export function checkResult(result) {
  const { baseline, rows } = result ?? {};
  if (typeof baseline !== 'string') throw new Error('bench result: baseline must be a string');
  if (!Array.isArray(rows) || rows.length === 0) throw new Error('bench result: rows must be a non-empty array');
  for (const r of rows) {
    const ok = typeof r.name === 'string' && typeof r.unit === 'string'
      && Number.isFinite(r.value) && Number.isFinite(r.ratio);
    if (!ok) throw new Error(`bench result: bad row ${JSON.stringify(r)}`);
  }
  if (!rows.some((r) => r.name === baseline)) throw new Error(`bench result: baseline "${baseline}" is not a row`);
}
