// Connection settings shared by every bench: one URL, split into the pieces libpq tools want.

export const DEFAULT_DB_URL = 'postgresql://postgres:postgres@127.0.0.1:54322/postgres';

export function dbUrl() {
  return process.env.SUPABASE_DB_URL ?? DEFAULT_DB_URL;
}

// parseConn('postgresql://u:pw@host:5432/db') -> { host, port, user, password, database }
export function parseConn(url) {
  const u = new URL(url);
  return {
    host: u.hostname.replace(/^\[|\]$/g, ''), // IPv6 literals come bracketed
    port: u.port || '5432',
    user: decodeURIComponent(u.username || 'postgres'),
    password: decodeURIComponent(u.password),
    database: decodeURIComponent(u.pathname.replace(/^\//, '')) || 'postgres',
    sslmode: u.searchParams.get('sslmode') ?? undefined,
  };
}

// Same server and credentials, another database (used to point at the scratch database).
export function withDatabase(url, database) {
  const u = new URL(url);
  u.pathname = '/' + encodeURIComponent(database);
  return u.toString();
}
