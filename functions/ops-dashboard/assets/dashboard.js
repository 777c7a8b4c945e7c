// The ops dashboard page: fetches each section's JSON from api/<section>, renders it with DOM
// nodes (text only, never innerHTML: query texts and object names come from the database), plots
// with uPlot, and refreshes every REFRESH_MS without reloading the page.
'use strict';

const REFRESH_MS = 30_000;
const SECTIONS = ['overview', 'queries', 'indexes', 'bloat', 'jobs', 'partitions', 'alerts', 'coordination'];
const charts = new Map(); // section -> uPlot instances to destroy before a re-render
let refreshes = 0;

// ---- small DOM and format helpers ----
function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs ?? {})) {
    if (v === undefined || v === null) continue;
    if (k === 'class') el.className = v;
    else if (k.startsWith('data-')) el.setAttribute(k, v);
    else el[k] = v;
  }
  for (const c of children.flat()) if (c !== null && c !== undefined) el.append(c instanceof Node ? c : String(c));
  return el;
}
const nf = new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 });
const num = (v) => (v === null || v === undefined ? '–' : nf.format(Number(v)));
function bytes(v) {
  if (v === null || v === undefined) return '–';
  const u = ['B', 'kB', 'MB', 'GB', 'TB'];
  let n = Number(v), i = 0;
  while (Math.abs(n) >= 1024 && i < u.length - 1) { n /= 1024; i++; }
  return `${nf.format(n)} ${u[i]}`;
}
function ago(ts) {
  if (!ts) return 'never';
  const s = Math.round((Date.now() - Date.parse(ts)) / 1000);
  if (Math.abs(s) < 90) return `${s} s ago`;
  if (Math.abs(s) < 5400) return `${Math.round(s / 60)} min ago`;
  if (Math.abs(s) < 129600) return `${Math.round(s / 3600)} h ago`;
  return `${Math.round(s / 86400)} d ago`;
}
const pill = (state) => h('span', { class: `pill ${state}` }, state);
const docLink = (doc, label = 'docs') => (doc ? h('a', { href: `docs/${doc}`, class: 'doc-link' }, label) : null);
const empty = (text) => h('p', { class: 'empty' }, text);

function table(columns, rows, rowClass) {
  return h('table', { class: 'data' },
    h('thead', {}, h('tr', {}, columns.map((c) => h('th', { class: c.num ? 'num' : undefined }, c.label)))),
    h('tbody', {}, rows.map((r) => h('tr', { class: rowClass?.(r) }, columns.map((c) =>
      h('td', { class: c.num ? 'num' : undefined, 'data-col': c.key }, c.render ? c.render(r) : num(r[c.key])))))));
}
const kpi = (label, value, col) => h('div', { class: 'kpi', 'data-kpi': col }, h('b', {}, value), label);

// ---- plots ----
function plot(section, target, opts, data) {
  const u = new uPlot(opts, data, target);
  charts.get(section).push(u);
  return u;
}
function sparkline(section, series) {
  const el = h('span', { class: 'spark' });
  if (!series || series.t.length < 2) { el.append(h('span', { class: 'muted' }, series?.t.length === 1 ? '1 interval' : '–')); return el; }
  queueMicrotask(() => plot(section, el, {
    width: 140, height: 32, legend: { show: false }, cursor: { show: false }, select: { show: false },
    axes: [{ show: false }, { show: false }], scales: { x: { time: true } },
    series: [{}, { stroke: '#0969da', width: 1.5, points: { show: false } }],
  }, [series.t, series.v.map(Number)]));
  return el;
}
function timeChart(section, title, xs, series, yFormat = num) {
  const box = h('div', { class: 'chart', 'data-chart': title });
  if (xs.length === 0) { box.append(h('h3', {}, title), empty('no data in this window yet')); return box; }
  box.append(h('h3', {}, title));
  queueMicrotask(() => plot(section, box, {
    width: Math.max(320, Math.min(1200, (box.closest('section')?.clientWidth ?? 640) - 40)), height: 180,
    // Every plotted quantity is non-negative: start the axis at zero rather than around the data.
    scales: { x: { time: true }, y: { range: (_u, _min, max) => [0, max > 0 ? max * 1.1 : 1] } },
    axes: [{}, { values: (_u, vals) => vals.map(yFormat), size: 70 }],
    series: [{}, ...series.map((s) => ({ label: s.label, stroke: s.color, width: 1.5, spanGaps: true, value: (_u, v) => yFormat(v) }))],
  }, [xs, ...series.map((s) => s.values)]));
  return box;
}
const PALETTE = ['#0969da', '#cf222e', '#1a7f37', '#8250df', '#b57f00', '#57606a'];

// ---- sections ----
const render = {
  overview(d) {
    const live = d.live ?? {};
    const checks = d.checks ?? [];
    const failing = checks.filter((c) => c.status === 'warning' || c.status === 'critical').length;
    return [
      h('div', { class: 'kpis' },
        kpi('checks failing', num(failing), 'failing'),
        kpi('connections used', `${num(live.connections?.used)} / ${num(live.connections?.usable)}`, 'connections'),
        kpi('cache hit %', num(live.cache_hit_pct), 'cache_hit'),
        kpi('xid age %', num(live.xid_pct), 'xid'),
        kpi('blocked sessions', num(live.blocked), 'blocked'),
        kpi('last snapshot', d.last_snapshot ? `${ago(d.last_snapshot.at)} (${d.last_snapshot.status})` : 'never', 'snapshot')),
      table([
        { key: 'status', label: 'status', render: (c) => pill(c.status) },
        { key: 'check', label: 'check', render: (c) => h('span', { title: c.description }, c.check) },
        { key: 'open_alerts', label: 'open', num: true },
        { key: 'worst_value', label: 'worst', num: true },
        { key: 'warn', label: 'warn / crit', render: (c) => `${num(c.warn)} / ${num(c.critical)} ${c.unit}` },
        { key: 'fix', label: 'suggested fix', render: (c) => h('span', {}, c.fix ?? '', ' ', docLink(c.doc)) },
      ], checks, (c) => `check-${c.status}`),
    ];
  },

  queries(d) {
    const top = d.top ?? [];
    const tl = d.timeline ?? { t: [], v: [] };
    const iv = d.intervals ?? {};
    return [
      h('p', { class: 'muted' }, `${num(iv.count)} snapshot intervals in the window`,
        iv.incomplete ? h('span', { class: 'error' }, ` · ${iv.incomplete} incomplete (reset or evictions): figures are lower bounds`) : '',
        ' ', docLink(d.doc, 'how intervals work')),
      timeChart('queries', 'Query time per interval (ms, all top-level statements)', tl.t, [{ label: 'exec ms', color: PALETTE[0], values: tl.v.map(Number) }]),
      top.length === 0 ? empty('no statements with calls in this window (snapshots capture deltas hourly)') : table([
        { key: 'query', label: 'query', render: (q) => h('code', { class: 'sql', title: q.query ?? '', 'data-queryid': q.queryid }, q.query ?? `queryid ${q.queryid}`) },
        { key: 'calls', label: 'calls', num: true },
        { key: 'total_exec_ms', label: 'total ms', num: true },
        { key: 'mean_exec_ms', label: 'mean ms', num: true },
        { key: 'share_of_total_pct', label: '% of time', num: true },
        { key: 'cache_hit_pct', label: 'hit %', num: true },
        { key: 'sparkline', label: 'mean ms per interval', render: (q) => sparkline('queries', q.sparkline) },
      ], top, (q) => (q.incomplete ? 'incomplete' : undefined)),
    ];
  },

  indexes(d) {
    const block = (title, key, rows, columns) => [
      h('h3', {}, `${title} (${rows.length}) `, docLink(d.docs?.[key])),
      rows.length ? table(columns, rows) : empty('none'),
    ];
    const name = { key: 'indexname', label: 'index', render: (r) => `${r.schemaname}.${r.indexname}` };
    const size = { key: 'index_size_bytes', label: 'size', num: true, render: (r) => bytes(r.index_size_bytes) };
    const hist = d.history ?? {};
    return [
      h('div', { class: 'kpis', 'data-kpi': 'index-counts' },
        kpi('unused', num(d.unused?.length ?? 0), 'unused'), kpi('duplicate', num(d.duplicates?.length ?? 0), 'duplicates'),
        kpi('invalid', num(d.invalid?.length ?? 0), 'invalid'), kpi('unindexed FKs', num(d.unindexed_foreign_keys?.length ?? 0), 'fks'),
        kpi('indexes tracked', num(hist.indexes_tracked), 'tracked')),
      block('Unused', 'unused', d.unused ?? [], [name, size, { key: 'days_since_last_scan', label: 'days idle', num: true },
        { key: 'no_scans_since', label: 'no scans since', render: (r) => ago(r.no_scans_since) }]),
      block('Duplicate or prefix', 'duplicates', d.duplicates ?? [], [name, size, { key: 'kind', label: 'kind', render: (r) => r.kind },
        { key: 'covered_by', label: 'covered by', render: (r) => r.covered_by }]),
      block('Invalid', 'invalid', d.invalid ?? [], [name, size, { key: 'fix', label: 'fix', render: (r) => h('code', {}, r.fix) }]),
      block('Foreign keys without an index', 'unindexed_foreign_keys', d.unindexed_foreign_keys ?? [], [
        { key: 'constraint_name', label: 'constraint', render: (r) => `${r.schemaname}.${r.tablename}.${r.constraint_name}` },
        { key: 'table_size_bytes', label: 'table size', num: true, render: (r) => bytes(r.table_size_bytes) },
        { key: 'suggestion', label: 'suggestion', render: (r) => h('code', {}, r.suggestion) }]),
    ];
  },

  bloat(d) {
    const rel = d.relations ?? [];
    // Align the tables' series on one x axis for uPlot (null where a table has no point).
    const growth = d.growth ?? [];
    const xs = [...new Set(growth.flatMap((g) => g.series.t))].sort((a, b) => a - b);
    const series = growth.map((g, i) => {
      const at = new Map(g.series.t.map((t, j) => [t, Number(g.series.v[j])]));
      return { label: g.relation, color: PALETTE[i % PALETTE.length], values: xs.map((x) => at.get(x) ?? null) };
    });
    return [
      h('p', { class: 'muted' }, `latest snapshot ${ago(d.snapshot_at)} `, docLink(d.doc, 'how bloat is measured')),
      timeChart('bloat', 'Table growth (size per snapshot, largest tables)', xs, series, bytes),
      rel.length === 0 ? empty('no measured waste') : table([
        { key: 'relation', label: 'relation', render: (r) => r.relation },
        { key: 'relkind', label: 'kind', render: (r) => r.relkind },
        { key: 'bloat_pct', label: 'waste %', num: true },
        { key: 'bloat_bytes', label: 'waste', num: true, render: (r) => bytes(r.bloat_bytes) },
        { key: 'actual_size_bytes', label: 'size', num: true, render: (r) => bytes(r.actual_size_bytes) },
        { key: 'method', label: 'method', render: (r) => r.method },
        { key: 'confidence', label: 'confidence', render: (r) => r.confidence },
      ], rel),
    ];
  },

  jobs(d) {
    if (!d.installed) return [h('p', { 'data-installed': 'false' }, 'not installed: the maintenance module (ops.jobs) is not in this database. ', docLink(d.doc))];
    const jobs = d.jobs ?? [];
    return [
      h('p', { class: 'muted' }, `${jobs.length} pg_cron jobs `, docLink(d.doc)),
      jobs.length === 0 ? empty('no jobs') : table([
        { key: 'health', label: 'health', render: (j) => pill(j.health) },
        { key: 'job', label: 'job', render: (j) => j.job },
        { key: 'schedule', label: 'schedule', render: (j) => h('code', {}, j.schedule) },
        { key: 'last_start', label: 'last run', render: (j) => `${ago(j.last_start)}${j.last_status ? ` (${j.last_status})` : ''}` },
        { key: 'last_duration_ms', label: 'took ms', num: true },
        { key: 'late_seconds', label: 'late by s', num: true },
        { key: 'last_message', label: 'message', render: (j) => j.last_message ?? '' },
      ], jobs),
    ];
  },

  partitions(d) {
    const t = d.tables ?? [];
    return [
      h('p', { class: 'muted' }, d.manager_installed ? 'partition manager installed; targets from ops.partitioned_tables ' :
        'partition manager not installed; targets from monitoring_config.partition_premake_days ', docLink(d.doc)),
      t.length === 0 ? empty('no time-partitioned tables') : table([
        { key: 'status', label: 'coverage', render: (p) => pill(p.status) },
        { key: 'table', label: 'table', render: (p) => p.table },
        { key: 'partitions', label: 'partitions', num: true },
        { key: 'ahead_days', label: 'days ahead', num: true },
        { key: 'target_days', label: 'target days', num: true },
        { key: 'covered_until', label: 'covered until', render: (p) => (p.covered_until ?? '–').slice(0, 16) },
        { key: 'has_default', label: 'default', render: (p) => (p.has_default ? 'yes' : 'no') },
      ], t),
    ];
  },

  alerts(d) {
    const tl = d.timeline ?? { t: [], opened: [], resolved: [] };
    const open = d.open ?? [];
    const resolved = d.resolved ?? [];
    return [
      timeChart('alerts', 'Alert timeline (opened / resolved per bucket)', tl.t, [
        { label: 'opened', color: PALETTE[1], values: tl.opened }, { label: 'resolved', color: PALETTE[2], values: tl.resolved }]),
      h('h3', {}, `Open (${open.length}) `, docLink(d.doc, 'alert lifecycle')),
      open.length === 0 ? empty('no open alerts') : table([
        { key: 'severity', label: 'severity', render: (a) => pill(a.severity) },
        { key: 'alert_type', label: 'type', render: (a) => a.alert_type },
        { key: 'object', label: 'object', render: (a) => a.object ?? '' },
        { key: 'message', label: 'message', render: (a) => a.message },
        { key: 'occurrences', label: 'seen', num: true },
        { key: 'created_at', label: 'since', render: (a) => ago(a.created_at) },
        { key: 'fix', label: 'fix', render: (a) => h('span', {}, a.fix ?? '', ' ', docLink(a.doc)) },
      ], open),
      h('h3', {}, `Resolved in the window (${resolved.length})`),
      resolved.length === 0 ? empty('none resolved in this window') : table([
        { key: 'alert_type', label: 'type', render: (a) => a.alert_type },
        { key: 'object', label: 'object', render: (a) => a.object ?? '' },
        { key: 'resolved_at', label: 'resolved', render: (a) => ago(a.resolved_at) },
        { key: 'resolved_by', label: 'by', render: (a) => a.resolved_by ?? '' },
        { key: 'doc', label: '', render: (a) => docLink(a.doc) ?? '' },
      ], resolved),
    ];
  },

  coordination(d) {
    const b = d.breakers ?? [];
    const l = d.locks ?? [];
    const w = d.blocking ?? [];
    return [
      h('h3', {}, `Circuit breakers (${b.length}) `, docLink(d.doc)),
      b.length === 0 ? empty('no breakers configured') : table([
        { key: 'state', label: 'state', render: (x) => pill(x.state) },
        { key: 'service', label: 'service', render: (x) => x.service },
        { key: 'calls', label: 'calls', num: true },
        { key: 'failures', label: 'failures', num: true },
        { key: 'failure_rate', label: 'failure %', num: true },
        { key: 'transitions', label: 'transitions', num: true },
        { key: 'last_state_change', label: 'changed', render: (x) => ago(x.last_state_change) },
      ], b),
      h('h3', {}, `Held leases (${l.length}) `, docLink(d.locks_doc)),
      l.length === 0 ? empty('no lease held') : table([
        { key: 'key', label: 'key', render: (x) => x.key },
        { key: 'holder', label: 'holder', render: (x) => x.holder },
        { key: 'token', label: 'fencing token', num: true, render: (x) => x.token },
        { key: 'held_seconds', label: 'held s', num: true },
        { key: 'expires_in_seconds', label: 'expires in s', num: true },
      ], l),
      h('h3', {}, `Sessions waiting on locks (${w.length})`),
      w.length === 0 ? empty('none') : table([
        { key: 'blocked_pid', label: 'blocked pid', num: true },
        { key: 'waiting_seconds', label: 'waiting s', num: true },
        { key: 'root_pid', label: 'root blocker', num: true },
        { key: 'root_query', label: 'root query', render: (x) => h('code', { class: 'sql' }, x.root_query ?? '') },
      ], w),
    ];
  },
};

// ---- loading and refresh ----
async function load(name, windowValue) {
  const el = document.getElementById(name);
  const body = el.querySelector('.body');
  try {
    const res = await fetch(`api/${name}?window=${encodeURIComponent(windowValue)}`, { credentials: 'same-origin', headers: { accept: 'application/json' } });
    const data = await res.json();
    if (!res.ok) throw new Error(data.error ?? `HTTP ${res.status}`);
    for (const u of charts.get(name) ?? []) u.destroy();
    charts.set(name, []);
    body.replaceChildren(...render[name](data).flat());
    el.dataset.state = 'ready';
    el.dataset.generatedAt = data.generated_at;
  } catch (err) {
    // Keep what was shown before; say the refresh failed.
    el.dataset.state = 'error';
    body.querySelector(':scope > p.load-error')?.remove();
    body.prepend(h('p', { class: 'error load-error' }, `could not load: ${err.message}`));
  }
}

async function refreshAll() {
  const windowValue = document.getElementById('window').value;
  const status = document.getElementById('status');
  await Promise.all(SECTIONS.map((s) => load(s, windowValue)));
  refreshes++;
  document.body.dataset.refreshes = String(refreshes);
  document.body.dataset.loaded = 'true';
  status.textContent = `updated ${new Date().toLocaleTimeString()} · every ${REFRESH_MS / 1000} s`;
}

document.getElementById('window').addEventListener('change', refreshAll);
refreshAll();
setInterval(() => { if (!document.hidden) refreshAll(); }, REFRESH_MS);
