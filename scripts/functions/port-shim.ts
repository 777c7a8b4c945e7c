// Preloaded before each edge function by the local gateway. Supabase's edge runtime owns the
// listening socket and ignores the port; locally each function runs as its own Deno process, so
// Deno.serve() is pointed at the loopback port the gateway chose (FN_PORT).
const port = Number(Deno.env.get('FN_PORT'));
const serve = Deno.serve.bind(Deno);
const local = { port, hostname: '127.0.0.1', onListen() {} };

// deno-lint-ignore no-explicit-any
(Deno as any).serve = (a: any, b?: any) => (typeof a === 'function' ? serve(local, a) : serve({ ...a, ...local }, b));
