// Small response helpers so every function answers errors in one JSON shape.
export function json(body: unknown, status = 200, headers: HeadersInit = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json', ...headers },
  });
}

export function problem(status: number, error: string, detail?: unknown): Response {
  return json(detail === undefined ? { error } : { error, detail }, status);
}
