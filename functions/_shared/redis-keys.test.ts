import assert from 'node:assert/strict';
import { globalKey, tenantKey } from './redis-keys.ts';

Deno.test('tenant keys carry a hash tag right after the namespace', () => {
  assert.equal(tenantKey('cache', 'acme', 'doc', 'abc123'), 'cache:{t:acme}:doc:abc123');
  assert.equal(globalKey('ratelimit', 'api'), 'ratelimit:api');
});

Deno.test('key parts with glob or separator characters are refused', () => {
  for (const bad of ['a*', 'a?b', '[x]', 'a:b', 'a b', '', '{t:x}']) {
    assert.throws(() => tenantKey('cache', 'acme', bad), /invalid redis key part/);
  }
  assert.throws(() => tenantKey('cache', 'ac*me'), /invalid redis key part/);
});
