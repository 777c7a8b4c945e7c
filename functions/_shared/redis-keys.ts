// The Redis key schema's building blocks. Keys that belong to one tenant carry the tenant in a
// hash tag ({t:<id>}), so Redis Cluster keeps a tenant's keys in one slot and multi-key
// operations stay legal. Parts are validated so no key can contain glob characters: a key must
// never double as a SCAN pattern.

const PART = /^[A-Za-z0-9_.\-]+$/;

export function keyPart(value: string): string {
  if (!PART.test(value)) throw new Error(`invalid redis key part: ${JSON.stringify(value)}`);
  return value;
}

export function tenantTag(tenantId: string): string {
  return `{t:${keyPart(tenantId)}}`;
}

/** namespace:{t:tenant}:part:part… — the tenant's hash tag right after the namespace. */
export function tenantKey(namespace: string, tenantId: string, ...parts: string[]): string {
  return [keyPart(namespace), tenantTag(tenantId), ...parts.map(keyPart)].join(':');
}

/** namespace:part:part… for keys shared by all tenants. */
export function globalKey(namespace: string, ...parts: string[]): string {
  return [keyPart(namespace), ...parts.map(keyPart)].join(':');
}
