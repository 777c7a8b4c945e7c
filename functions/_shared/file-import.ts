// Bulk import of workspace files through COPY (seed 003's bulkInsertFiles, done properly).
// The seed joined fields with ',' and no escaping, so any comma, quote or newline in a file broke
// or silently changed the row, and it sent `name` and `size_bytes`, which are generated columns of
// public.files. Here, in ONE transaction (or a savepoint inside the caller's):
//   1. every file is validated first; a bad one throws FileImportError before anything is sent;
//   2. CREATE TEMP TABLE … ON COMMIT DROP, then COPY … FROM STDIN into it, streamed with
//      backpressure (the encoded batch is never held in memory whole);
//   3. one INSERT … SELECT into public.files, with the conflict mode on (workspace_id, path).
// Any failure rolls the whole import back: nothing is half-imported. The statements run with the
// caller's role and claims, so RLS applies to a client that set `role authenticated` and
// `request.jwt.claims` (see docs/data-model.md, "Bulk file import (COPY)").
// Runs on Node (vitest imports it directly) and on Deno (npm: specifiers from deno.json).
import { once } from 'node:events';
import { finished } from 'node:stream/promises';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';

export type ConflictMode = 'error' | 'skip' | 'replace';
export type FileInput = { path: string; content: string; mimeType?: string };
export type ImportOptions = {
  /** What to do when (workspace_id, path) already exists: 'error' (default), 'skip' or 'replace'. */
  onConflict?: ConflictMode;
  /** Encoded characters per COPY write (default 64 KiB); a larger file is one write of its own. */
  chunkChars?: number;
};
export type ImportResult = { inserted: number; skipped: number; replaced: number };
export type FileImportErrorCode =
  | 'invalid_argument'
  | 'invalid_path'
  | 'invalid_content'
  | 'invalid_mime_type'
  | 'nul_character'
  | 'lone_surrogate'
  | 'duplicate_path'
  | 'conflict'
  | 'permission_denied';

/** The column default of public.files.mime_type (tests/app2/file-import.test.ts checks they agree). */
export const DEFAULT_MIME_TYPE = 'text/plain';
/** public.files.path CHECK: char_length(path) <= 4096 and path ~ '^[^/]+(/[^/]+)*$'. */
export const MAX_PATH_CHARS = 4096;
const PATH_RE = /^[^/]+(\/[^/]+)*$/;
/** public.files.mime_type CHECK: char_length(mime_type) <= 255. */
export const MAX_MIME_CHARS = 255;
const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const CONFLICT_MODES: readonly ConflictMode[] = ['error', 'skip', 'replace'];

export class FileImportError extends Error {
  readonly code: FileImportErrorCode;
  /** Index into the `files` array of the offending file, when one file is to blame. */
  readonly index?: number;
  readonly path?: string;
  /** SQLSTATE of the database error this wraps (23505, 42501), if any. */
  readonly sqlstate?: string;
  constructor(code: FileImportErrorCode, message: string, extra: { index?: number; path?: string; sqlstate?: string; cause?: unknown } = {}) {
    super(message, extra.cause === undefined ? undefined : { cause: extra.cause });
    this.name = 'FileImportError';
    this.code = code;
    this.index = extra.index;
    this.path = extra.path;
    this.sqlstate = extra.sqlstate;
  }
}

// ---------------------------------------------------------------------------------------------
// Encoding: COPY's TEXT format, not CSV.
// - Text format has one escape character and four characters to escape: backslash -> \\, tab (the
//   delimiter) -> \t, LF -> \n, CR -> \r. Everything else, unicode included, goes through as its
//   UTF-8 bytes (pg sends client_encoding UTF8), so astral emoji, combining marks, RTL text and
//   CJK need no special handling and arrive byte for byte.
// - Every record is therefore exactly one physical line ending in LF: CR, LF and CRLF inside a
//   file can never end a record or be normalised, and the server's line-ending detection only
//   ever sees LF.
// - The end-of-data marker `\.` is only recognised at the start of a line. A line always starts
//   with an escaped path, and a file whose content is `\.` is sent as `\\.`, so data can never end
//   the COPY early. (CSV keeps raw newlines inside quoted fields and has its own special case for
//   a quoted `\.` line; with text format there is no such case to get right.)
// - NULL is `\N` and the empty string is an empty field, so '' stays '' (in CSV an unquoted empty
//   field is NULL). We never send NULL: content and mime_type are NOT NULL.
// - What text format cannot carry is what PostgreSQL text cannot hold: U+0000. Lone UTF-16
//   surrogates have no UTF-8 encoding at all (the encoder would replace them with U+FFFD). Both
//   are rejected by validation, before anything is sent.
// ---------------------------------------------------------------------------------------------
const TEXT_SPECIAL = /[\\\t\n\r]/g;
const TEXT_ESCAPE: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };

/** One field in COPY text format (never NULL). */
export function copyTextField(value: string): string {
  return value.replace(TEXT_SPECIAL, (c) => TEXT_ESCAPE[c]);
}

/** One staging record: path, content, mime_type, tab-separated, LF-terminated. */
export function copyTextRecord(file: FileInput): string {
  return `${copyTextField(file.path)}\t${copyTextField(file.content)}\t${copyTextField(file.mimeType ?? DEFAULT_MIME_TYPE)}\n`;
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function codePoints(s: string): number {
  let n = 0;
  for (const _ of s) n++;
  return n;
}

function checkText(value: string, what: string, where: () => string, index: number, path: string | undefined): void {
  const nul = value.indexOf('\u0000');
  if (nul >= 0) {
    throw new FileImportError('nul_character',
      `${where()}: ${what} contains U+0000 (NUL) at UTF-16 offset ${nul}; PostgreSQL text cannot store it`, { index, path });
  }
  if (!value.isWellFormed()) {
    const at = LONE_SURROGATE.exec(value)?.index ?? -1;
    const unit = at >= 0 ? value.charCodeAt(at).toString(16).toUpperCase() : '?';
    throw new FileImportError('lone_surrogate',
      `${where()}: ${what} contains a lone UTF-16 surrogate U+${unit} at offset ${at}; it has no UTF-8 encoding`, { index, path });
  }
}

/**
 * Checks every file the way public.files will (path CHECK, mime_type length) plus what COPY and
 * UTF-8 cannot carry (NUL, lone surrogates), and duplicate paths within the batch. Throws a
 * FileImportError naming the file's index and path; returns nothing when all is well.
 */
export function validateFiles(files: readonly FileInput[]): void {
  if (!Array.isArray(files)) throw new FileImportError('invalid_argument', 'files must be an array');
  const seen = new Map<string, number>();
  for (let i = 0; i < files.length; i++) {
    const f = files[i];
    if (f === null || typeof f !== 'object') throw new FileImportError('invalid_argument', `files[${i}] is not an object`, { index: i });
    const { path, content, mimeType } = f;
    if (typeof path !== 'string') throw new FileImportError('invalid_path', `files[${i}]: path is not a string`, { index: i });
    const where = () => `files[${i}] (path ${JSON.stringify(path)})`;
    checkText(path, 'path', where, i, path);
    if (!PATH_RE.test(path)) {
      throw new FileImportError('invalid_path',
        `${where()}: path must be relative, '/'-separated, without leading or trailing '/' or empty segments`, { index: i, path });
    }
    if (path.length > MAX_PATH_CHARS && codePoints(path) > MAX_PATH_CHARS) {
      throw new FileImportError('invalid_path', `${where()}: path is longer than ${MAX_PATH_CHARS} characters`, { index: i, path });
    }
    if (typeof content !== 'string') throw new FileImportError('invalid_content', `${where()}: content is not a string`, { index: i, path });
    checkText(content, 'content', where, i, path);
    if (mimeType !== undefined) {
      if (typeof mimeType !== 'string') {
        throw new FileImportError('invalid_mime_type', `${where()}: mimeType is not a string`, { index: i, path });
      }
      checkText(mimeType, 'mimeType', where, i, path);
      if (mimeType.length > MAX_MIME_CHARS && codePoints(mimeType) > MAX_MIME_CHARS) {
        throw new FileImportError('invalid_mime_type', `${where()}: mimeType is longer than ${MAX_MIME_CHARS} characters`, { index: i, path });
      }
    }
    const first = seen.get(path);
    if (first !== undefined) {
      throw new FileImportError('duplicate_path', `${where()}: duplicate path, also files[${first}]; a batch may hold each path once`, { index: i, path });
    }
    seen.set(path, i);
  }
}

// Staging has no constraints: validation has run, and public.files checks again on INSERT.
const STAGING = 'pg_temp.opsbase_file_import';
const CREATE_STAGING = `create temp table opsbase_file_import (path text, content text, mime_type text) on commit drop`;
const COPY_STAGING = `copy ${STAGING} (path, content, mime_type) from stdin with (format text)`;
const SELECT_STAGED = `select $1::uuid, s.path, s.content, s.mime_type from ${STAGING} s`;
const INSERT = {
  error: `insert into public.files (workspace_id, path, content, mime_type) ${SELECT_STAGED}`,
  skip: `insert into public.files (workspace_id, path, content, mime_type) ${SELECT_STAGED}
         on conflict (workspace_id, path) do nothing`,
  // xmax is 0 on a freshly inserted row version; the new version written by ON CONFLICT DO UPDATE
  // carries our own row lock in xmax, so it is non-zero. This tells the two apart in one statement
  // (a pre-count would race with concurrent writers).
  replace: `with written as (
              insert into public.files as f (workspace_id, path, content, mime_type) ${SELECT_STAGED}
              on conflict (workspace_id, path) do update set content = excluded.content, mime_type = excluded.mime_type
              returning (f.xmax = 0) as fresh)
            select count(*) filter (where fresh)::int as inserted, count(*) filter (where not fresh)::int as replaced from written`,
} as const;

type Queryable = pg.ClientBase;

async function streamRecords(client: Queryable, files: readonly FileInput[], chunkChars: number): Promise<number> {
  const stream = client.query(copyFrom(COPY_STAGING));
  // A server error mid-COPY is emitted as 'error'. Remember it: after it the stream can no longer
  // be written (pg-copy-streams drops the connection), so we stop and report the server's error.
  let failure: unknown = null;
  stream.on('error', (err) => (failure ??= err));
  // `finished` settles on 'finish' (after CommandComplete and ReadyForQuery) or 'error', and
  // rejects any wait for 'drain' below; its rejection is observed when awaited at the end.
  const done = finished(stream);
  done.catch(() => {});
  let chunk = '';
  for (const f of files) {
    chunk += copyTextRecord(f);
    if (chunk.length >= chunkChars) {
      if (failure) throw failure;
      // Backpressure: when write() says the buffer is full, wait for 'drain' before encoding more.
      if (!stream.write(chunk)) await Promise.race([once(stream, 'drain'), done]);
      chunk = '';
    }
  }
  if (failure) throw failure;
  if (chunk) stream.write(chunk);
  stream.end();
  await done;
  return stream.rowCount;
}

function translate(err: unknown, workspaceId: string): unknown {
  const e = err as { code?: string; constraint?: string; detail?: string; message?: string };
  if (e?.code === '23505' && e.constraint === 'files_workspace_id_path_key') {
    return new FileImportError('conflict',
      `a file already exists at that path in workspace ${workspaceId} (${e.detail ?? e.message}); nothing was imported. `
        + `Use onConflict 'skip' or 'replace' to import anyway`, { sqlstate: e.code, cause: err });
  }
  if (e?.code === '42501') {
    return new FileImportError('permission_denied',
      `not allowed to write files of workspace ${workspaceId}: ${e.message}; nothing was imported `
        + `(only the workspace's owners may write files; the import ran with the client's role and request.jwt.claims)`,
      { sqlstate: e.code, cause: err });
  }
  return err;
}

/**
 * Imports `files` into workspace `workspaceId` atomically and returns what happened to them.
 * `db` is a pg Client/PoolClient (its role and claims apply, and if it is inside a transaction
 * the import runs in a savepoint of it) or a Pool (a connection is borrowed: the pool's login role,
 * so only for trusted server-side code).
 */
export async function importFiles(
  db: pg.Pool | pg.ClientBase,
  workspaceId: string,
  files: readonly FileInput[],
  options: ImportOptions = {},
): Promise<ImportResult> {
  const mode = options.onConflict ?? 'error';
  if (!CONFLICT_MODES.includes(mode)) throw new FileImportError('invalid_argument', `onConflict must be one of ${CONFLICT_MODES.join(', ')}`);
  if (typeof workspaceId !== 'string' || !UUID_RE.test(workspaceId)) {
    throw new FileImportError('invalid_argument', `workspaceId ${JSON.stringify(workspaceId)} is not a uuid`);
  }
  const chunkChars = options.chunkChars ?? 64 * 1024;
  if (!Number.isInteger(chunkChars) || chunkChars < 1) throw new FileImportError('invalid_argument', 'chunkChars must be a positive integer');
  validateFiles(files);
  if (files.length === 0) return { inserted: 0, skipped: 0, replaced: 0 };

  if (db instanceof pg.Pool) {
    const client = await db.connect();
    try {
      return await importWith(client, workspaceId, files, mode, chunkChars);
    } finally {
      client.release();
    }
  }
  return importWith(db, workspaceId, files, mode, chunkChars);
}

async function importWith(client: Queryable, workspaceId: string, files: readonly FileInput[], mode: ConflictMode, chunkChars: number) {
  // Inside the caller's transaction (e.g. one that set role and claims with set_config(…, true))
  // the import is a savepoint of it: a failure undoes the import and leaves the caller's
  // transaction usable; the caller's COMMIT makes it durable.
  const nested = client.getTransactionStatus() === 'T';
  if (client.getTransactionStatus() === 'E') {
    throw new FileImportError('invalid_argument', 'the client is in a failed transaction; roll it back first');
  }
  await client.query(nested ? 'savepoint opsbase_file_import' : 'begin');
  try {
    await client.query(CREATE_STAGING);
    const staged = await streamRecords(client, files, chunkChars);
    if (staged !== files.length) throw new Error(`COPY staged ${staged} rows, expected ${files.length}`);
    let result: ImportResult;
    if (mode === 'replace') {
      const { rows } = await client.query(INSERT.replace, [workspaceId]);
      result = { inserted: rows[0].inserted, skipped: 0, replaced: rows[0].replaced };
    } else {
      const { rowCount } = await client.query(INSERT[mode], [workspaceId]);
      result = { inserted: rowCount ?? 0, skipped: files.length - (rowCount ?? 0), replaced: 0 };
    }
    // ON COMMIT DROP covers our own transaction; inside the caller's, drop it now so a second
    // import in the same transaction can create it again.
    await client.query(`drop table ${STAGING}`);
    await client.query(nested ? 'release savepoint opsbase_file_import' : 'commit');
    return result;
  } catch (err) {
    try {
      await client.query(nested ? 'rollback to savepoint opsbase_file_import' : 'rollback');
      if (nested) await client.query('release savepoint opsbase_file_import');
    } catch {
      // The connection itself failed; the server rolls back when the session ends.
    }
    throw translate(err, workspaceId);
  }
}
