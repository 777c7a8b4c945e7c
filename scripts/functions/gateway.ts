// Local stand-in for Supabase's functions gateway: serves every functions/<name>/index.ts at
// /functions/v1/<name>, each in its own Deno process (as the edge runtime isolates them), and
// enforces verify_jwt from supabase/config.toml. GET /health reports the functions' state.
import { parse } from 'smol-toml';
import { jwtVerify } from 'jose';

const root = new URL('../../', import.meta.url);
const env = Deno.env.toObject();
const listenUrl = new URL(env.FUNCTIONS_URL ?? 'http://127.0.0.1:54321/functions/v1');
const prefix = listenUrl.pathname.replace(/\/$/, '');
const jwtSecret = new TextEncoder().encode(env.SUPABASE_JWT_SECRET ?? '');

type Fn = { name: string; entry: string; verifyJwt: boolean; port: number; child?: Deno.ChildProcess; up: boolean };

async function discover(): Promise<Fn[]> {
  const config = parse(await Deno.readTextFile(new URL('supabase/config.toml', root))) as {
    functions?: Record<string, { entrypoint?: string; verify_jwt?: boolean }>;
  };
  const fns: Fn[] = [];
  for await (const e of Deno.readDir(new URL('functions/', root))) {
    if (!e.isDirectory || e.name.startsWith('_')) continue;
    const c = config.functions?.[e.name] ?? {};
    const entry = c.entrypoint
      ? new URL(c.entrypoint, new URL('supabase/', root)).pathname
      : new URL(`functions/${e.name}/index.ts`, root).pathname;
    // Supabase verifies JWTs unless a function opts out; keep that default.
    fns.push({ name: e.name, entry, verifyJwt: c.verify_jwt ?? true, port: 0, up: false });
  }
  return fns.sort((a, b) => a.name.localeCompare(b.name));
}

function freePort(): number {
  const l = Deno.listen({ hostname: '127.0.0.1', port: 0 });
  const { port } = l.addr as Deno.NetAddr;
  l.close();
  return port;
}

let stopping = false;

async function start(fn: Fn): Promise<void> {
  fn.port = freePort();
  fn.child = new Deno.Command(Deno.execPath(), {
    args: ['run', '--allow-net', '--allow-env', '--allow-read', '--preload',
      new URL('scripts/functions/port-shim.ts', root).pathname, fn.entry],
    env: { ...env, FN_PORT: String(fn.port) },
    stdout: 'inherit',
    stderr: 'inherit',
  }).spawn();
  fn.child.status.then((s) => {
    fn.up = false;
    if (stopping) return;
    console.error(`[gateway] ${fn.name} exited (${s.code}); restarting in 1s`);
    setTimeout(() => !stopping && start(fn), 1_000);
  });
  for (let i = 0; i < 200 && !fn.up; i++) {
    try {
      (await Deno.connect({ hostname: '127.0.0.1', port: fn.port })).close();
      fn.up = true;
    } catch {
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  if (!fn.up) console.error(`[gateway] ${fn.name} did not start listening`);
}

async function authorized(req: Request): Promise<boolean> {
  const m = /^Bearer\s+(.+)$/i.exec(req.headers.get('authorization') ?? '');
  if (!m) return false;
  try {
    await jwtVerify(m[1], jwtSecret, { algorithms: ['HS256'] });
    return true;
  } catch {
    return false;
  }
}

const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

const fns = await discover();
await Promise.all(fns.map(start));
const byName = new Map(fns.map((f) => [f.name, f]));

async function handle(req: Request): Promise<Response> {
  const url = new URL(req.url);
  if (url.pathname === '/health') {
    const functions = Object.fromEntries(fns.map((f) => [f.name, f.up ? 'up' : 'down']));
    return json({ status: fns.every((f) => f.up) ? 'ok' : 'degraded', functions });
  }
  if (!url.pathname.startsWith(`${prefix}/`)) return json({ error: 'not found' }, 404);
  const rest = url.pathname.slice(prefix.length + 1);
  const name = rest.split('/')[0];
  const fn = byName.get(name);
  if (!fn) return json({ error: `function not found: ${name}` }, 404);
  if (fn.verifyJwt && !(await authorized(req))) return json({ msg: 'Invalid JWT' }, 401);
  if (!fn.up) return json({ error: `function ${name} is not running` }, 503);
  try {
    return await fetch(`http://127.0.0.1:${fn.port}/${rest}${url.search}`, {
      method: req.method,
      headers: req.headers,
      body: req.body,
      redirect: 'manual',
    });
  } catch (err) {
    return json({ error: `function ${name} failed: ${(err as Error).message}` }, 502);
  }
}

let server: Deno.HttpServer;
try {
  server = Deno.serve({ hostname: listenUrl.hostname, port: Number(listenUrl.port), onListen() {} }, handle);
} catch (err) {
  if (err instanceof Deno.errors.AddrInUse) {
    console.error(`[gateway] port ${listenUrl.port} is already in use. Stop that process, or set FUNCTIONS_URL, e.g. FUNCTIONS_URL=http://127.0.0.1:${Number(listenUrl.port) + 1000}/functions/v1`);
    stopping = true;
    for (const f of fns) f.child?.kill();
    Deno.exit(1);
  }
  throw err;
}
console.log(`[gateway] serving ${fns.map((f) => f.name).join(', ')} at ${listenUrl.origin}${prefix}/<name>`);

for (const sig of ['SIGINT', 'SIGTERM'] as const) {
  Deno.addSignalListener(sig, async () => {
    stopping = true;
    for (const f of fns) {
      try { f.child?.kill('SIGTERM'); } catch { /* already gone */ }
    }
    await Promise.allSettled(fns.map((f) => f.child?.status));
    await server.shutdown();
    Deno.exit(0);
  });
}
