import assert from 'node:assert/strict';
import { globalKey, globEscape, isSafePattern, KEY_SCHEMA, keys, keySegments, tenantKey } from './redis-keys.ts';

Deno.test('tenant keys carry a hash tag right after the namespace', () => {
  assert.equal(tenantKey('cache', 'acme', 'doc', 'abc123'), 'cache:{t:acme}:doc:abc123');
  assert.equal(globalKey('ratelimit', 'api'), 'ratelimit:api');
});

Deno.test('key parts with glob or separator characters are refused', () => {
  for (const bad of ['a*', 'a?b', '[x]', 'a:b', 'a b', '', '{t:x}']) {
    assert.throws(() => tenantKey('cache', 'acme', bad), /invalid redis key part/);
  }
  assert.throws(() => tenantKey('cache', 'ac*me'), /invalid redis key part/);
  assert.throws(() => keys.document('u1', 'h*', 'p'), /invalid redis key part/);
});

// The doc's table between the key-schema markers, as { name: [key, type, ttl, writer, invalidator] }.
async function docTable(): Promise<Record<string, string[]>> {
  const md = await Deno.readTextFile(new URL('../../docs/redis-schema.md', import.meta.url));
  const block = md.split('<!-- key-schema:start -->')[1]?.split('<!-- key-schema:end -->')[0];
  assert.ok(block, 'docs/redis-schema.md has the key-schema markers');
  const rows = block.trim().split('\n').slice(2); // header and separator
  return Object.fromEntries(rows.map((line) => {
    const cells = line.split('|').slice(1, -1).map((c) => c.trim());
    return [cells[0], [cells[1].replace(/^`|`$/g, ''), ...cells.slice(2)]];
  }));
}

Deno.test('docs/redis-schema.md and KEY_SCHEMA list the same keys with the same details', async () => {
  const doc = await docTable();
  assert.deepEqual(Object.keys(doc).sort(), Object.keys(KEY_SCHEMA).sort());
  for (const [name, spec] of Object.entries(KEY_SCHEMA)) {
    assert.deepEqual(doc[name], [spec.template, spec.type, spec.ttl, spec.writer, spec.invalidator], name);
  }
});

Deno.test('every builder produces its documented template', async () => {
  const doc = await docTable();
  for (const [name, [template]] of Object.entries(doc)) {
    // Call the builder with each <param> named after itself; the key must be the template minus brackets.
    const params = [...template.matchAll(/<([A-Za-z]+)>/g)].map((m) => m[1]);
    const builder = keys[name as keyof typeof keys] as (...a: string[]) => string;
    assert.equal(builder(...params), template.replace(/<([A-Za-z]+)>/g, '$1'), name);
  }
});

Deno.test('lease keys share the hash tag of the key they guard', () => {
  const k = keys.document('u1', 'c0ffee', 'p1');
  assert.equal(keys.lease(k), 'cache:{t:u1}:doc:c0ffee:p1:lease');
  assert.equal(keySegments(keys.lease(k))[1], '{t:u1}');
});

Deno.test('segments keep a hash tag whole, even with a colon inside', () => {
  assert.deepEqual(keySegments('cache:{t:a:b}:doc:*'), ['cache', '{t:a:b}', 'doc', '*']);
});

Deno.test('patterns whose first two segments are not literal are unsafe', () => {
  for (const bad of ['*', 'cache:*', 'cache:{t:*}:x', '*:{t:1}:x', 'cache:{t:1}', ':{t:1}:*', 'a?:b:*', 'cache:[ab]:*']) {
    assert.equal(isSafePattern(bad), false, bad);
  }
  for (const ok of ['cache:{t:1}:*', 'rl:{t:42}:*', 'coalesce:op:*', 'a:b\\*:*', 'session:{t:x}:*']) {
    assert.equal(isSafePattern(ok), true, ok);
  }
});

Deno.test('glob escaping makes a value match only itself', () => {
  assert.equal(globEscape('a*b?[c]\\'), 'a\\*b\\?\\[c\\]\\\\');
  assert.equal(isSafePattern(`cache:{t:${globEscape('*')}}:*`), true);
});
