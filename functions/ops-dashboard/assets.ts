// Static files of the dashboard: its own page, script and styles, uPlot from node_modules (no
// CDN: the page works offline), and the docs its findings link to, with heading anchors.
const here = (p: string) => new URL(p, import.meta.url);

type Asset = { file: URL; type: string };

const ASSETS: Record<string, Asset> = {
  'dashboard.js': { file: here('./assets/dashboard.js'), type: 'text/javascript; charset=utf-8' },
  'dashboard.css': { file: here('./assets/dashboard.css'), type: 'text/css; charset=utf-8' },
  'uPlot.min.js': { file: here('../../node_modules/uplot/dist/uPlot.iife.min.js'), type: 'text/javascript; charset=utf-8' },
  'uPlot.min.css': { file: here('../../node_modules/uplot/dist/uPlot.min.css'), type: 'text/css; charset=utf-8' },
};

export const DOCS = new Set(['monitoring.md', 'coordination.md', 'maintenance.md']);

const cache = new Map<string, string>();

async function cached(key: string, load: () => Promise<string>): Promise<string> {
  let v = cache.get(key);
  if (v === undefined) cache.set(key, v = await load());
  return v;
}

export async function asset(name: string): Promise<{ body: string; type: string } | null> {
  const a = ASSETS[name];
  if (!a) return null;
  return { body: await cached(name, () => Deno.readTextFile(a.file)), type: a.type };
}

export const page = () => cached('index.html', () => Deno.readTextFile(here('./assets/index.html')));

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** GitHub's heading anchor: lower case, punctuation dropped, spaces to hyphens. */
export function slug(heading: string): string {
  return heading.trim().toLowerCase().replace(/[^\p{L}\p{N}\s_-]/gu, '').replace(/\s/g, '-');
}

/**
 * A docs page as HTML: headings become anchored <h1>-<h4>, everything between them stays
 * preformatted markdown. Enough for links to land on the right section; not a markdown renderer.
 */
export async function doc(name: string): Promise<string | null> {
  if (!DOCS.has(name)) return null;
  return await cached(`docs/${name}`, async () => {
    const md = await Deno.readTextFile(here(`../../docs/${name}`));
    const out: string[] = [];
    let block: string[] = [];
    let fenced = false;
    const flush = () => {
      if (block.join('').trim()) out.push(`<pre>${escapeHtml(block.join('\n').trim())}</pre>`);
      block = [];
    };
    for (const line of md.split('\n')) {
      if (line.startsWith('```')) fenced = !fenced;
      const h = !fenced && /^(#{1,4})\s+(.*)$/.exec(line);
      if (h) {
        flush();
        out.push(`<h${h[1].length} id="${escapeHtml(slug(h[2]))}">${escapeHtml(h[2])}</h${h[1].length}>`);
      } else block.push(line);
    }
    flush();
    return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(name)}</title>` +
      `<link rel="stylesheet" href="../assets/dashboard.css"></head><body class="doc">${out.join('\n')}</body></html>`;
  });
}
