// The bare lease-table lock, the baseline every lock benchmark compares against: the foundation's
// `locks` bench measures it, and `coordination` must measure exactly the same SQL in its own run.

// Plain (logged) table: a real lease table has to survive a crash, so WAL cost belongs in the number.
export const LEASE_TABLE = `
  create table bench_lease (
    lock_key   text primary key,
    holder     text not null,
    expires_at timestamptz not null
  )`;

// Statements run in autocommit, like an app taking a lease, doing work elsewhere, then releasing.
// Acquire takes over an existing row only once it has expired; release only deletes our own lease.
// :client_id is pgbench's built-in per-client number, standing in for a worker id.
export const leaseScript = (keys) => `\\set k random(1, ${keys})
insert into bench_lease as l (lock_key, holder, expires_at)
  values (:k, :client_id, now() + interval '30 seconds')
  on conflict (lock_key) do update
    set holder = excluded.holder, expires_at = excluded.expires_at
    where l.expires_at < now();
delete from bench_lease where lock_key = :k and holder = :client_id;
`;
