// A small SQL lexer, enough for lint rules: splits a file into statements and gives each one a
// "code" view with comments removed and literals blanked, so a regex never matches inside a
// string, a dollar-quoted function body or a comment. Keeps line numbers for reports.

/**
 * @returns {{ text: string, code: string, line: number, comments: string[] }[]}
 *   text: the statement as written; code: lower-cased, comments dropped, string and dollar-quoted
 *   bodies replaced by '' / $$$$, whitespace collapsed; line: 1-based line of its first token.
 */
export function splitStatements(sql) {
  return lex(sql).statements;
}

/** Statements plus every comment of the file with its line (ignore annotations live there). */
export function lex(sql) {
  const out = [];
  const allComments = [];
  let i = 0;
  let line = 1;
  let start = -1; // index of the statement's first token
  let startLine = 1;
  let code = '';
  let comments = [];
  const flush = (end) => {
    if (start >= 0) {
      out.push({
        text: sql.slice(start, end).trim(),
        code: code.replace(/\s+/g, ' ').trim().toLowerCase(),
        line: startLine,
        comments,
      });
    }
    start = -1;
    code = '';
    comments = [];
  };
  const begin = () => {
    if (start < 0) {
      start = i;
      startLine = line;
    }
  };
  const advance = (to) => {
    for (let k = i; k < to; k++) if (sql[k] === '\n') line++;
    i = to;
  };

  while (i < sql.length) {
    const c = sql[i];
    const next = sql[i + 1];
    if (c === '-' && next === '-') {
      const end = sql.indexOf('\n', i);
      const stop = end < 0 ? sql.length : end;
      comments.push(sql.slice(i + 2, stop).trim());
      allComments.push({ text: sql.slice(i + 2, stop).trim(), line });
      advance(stop);
      continue;
    }
    if (c === '/' && next === '*') {
      // Block comments nest in PostgreSQL.
      let depth = 0;
      let k = i;
      while (k < sql.length) {
        if (sql[k] === '/' && sql[k + 1] === '*') { depth++; k += 2; continue; }
        if (sql[k] === '*' && sql[k + 1] === '/') { depth--; k += 2; if (depth === 0) break; continue; }
        k++;
      }
      comments.push(sql.slice(i + 2, k - 2).trim());
      allComments.push({ text: sql.slice(i + 2, k - 2).trim(), line });
      code += ' ';
      advance(k);
      continue;
    }
    if (c === "'") {
      begin();
      // E'...' strings allow backslash escapes; the E was already copied as code.
      const escapes = /e$/i.test(code) && !/[a-z0-9_]e$/i.test(code);
      let k = i + 1;
      while (k < sql.length) {
        if (escapes && sql[k] === '\\') { k += 2; continue; }
        if (sql[k] === "'") {
          if (sql[k + 1] === "'") { k += 2; continue; }
          break;
        }
        k++;
      }
      code += "''";
      advance(k + 1);
      continue;
    }
    if (c === '"') {
      begin();
      let k = i + 1;
      while (k < sql.length) {
        if (sql[k] === '"') {
          if (sql[k + 1] === '"') { k += 2; continue; }
          break;
        }
        k++;
      }
      code += sql.slice(i, k + 1);
      advance(k + 1);
      continue;
    }
    if (c === '$') {
      const m = /^\$([A-Za-z_][A-Za-z0-9_]*)?\$/.exec(sql.slice(i, i + 64));
      if (m && !/[A-Za-z0-9_]$/.test(code)) {
        begin();
        const tag = m[0];
        const end = sql.indexOf(tag, i + tag.length);
        const stop = end < 0 ? sql.length : end + tag.length;
        code += '$$$$';
        advance(stop);
        continue;
      }
    }
    if (c === ';') {
      advance(i + 1);
      flush(i);
      continue;
    }
    if (!/\s/.test(c)) begin();
    if (start >= 0) code += c;
    advance(i + 1);
  }
  flush(sql.length);
  return { statements: out, comments: allComments };
}

