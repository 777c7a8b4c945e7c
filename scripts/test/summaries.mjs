// Turn each runner's closing lines into { passed, failed }. A runner that exits non-zero
// without a readable summary counts as one failure, so a crash is never reported as green.

/** pg_prove (TAP::Harness): "Files=2, Tests=9, ..." plus a per-file "Failed: N" report. */
export function parseProveSummary(out, code) {
  const total = out.match(/^Files=\d+, Tests=(\d+)/m);
  if (!total) return { passed: 0, failed: 1 };
  let failed = 0;
  for (const m of out.matchAll(/\(Wstat: [^)]*?(?:\([^)]*\))?\s*Tests: \d+ Failed: (\d+)\)/g)) {
    // A file that died (bad plan, parse error, non-zero exit) reports Failed: 0 but still failed.
    failed += Number(m[1]) || 1;
  }
  const passed = Math.max(0, Number(total[1]) - failed);
  if (code !== 0 && failed === 0) failed = 1;
  return { passed, failed };
}

/** deno test: "ok | 3 passed | 0 failed (12ms)" or "FAILED | 2 passed | 1 failed". */
export function parseDenoSummary(out, code) {
  const line = out.split('\n').reverse().find((l) => /^(ok|FAILED) \| \d+ passed/.test(l.trim()));
  if (!line) return { passed: 0, failed: 1 };
  const passed = Number(line.match(/(\d+) passed/)[1]);
  let failed = Number(line.match(/(\d+) failed/)?.[1] ?? 0);
  if (code !== 0 && failed === 0) failed = 1;
  return { passed, failed };
}
