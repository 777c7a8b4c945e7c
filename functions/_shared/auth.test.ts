import assert from 'node:assert/strict';
import { isServiceRole, signatureHeader, verifySignature } from './auth.ts';

const key = 'service-role-key-for-tests-0123456789';

Deno.test('service-role bearer: exact key only', () => {
  const req = (h?: string) => new Request('http://x', { headers: h ? { authorization: h } : {} });
  assert.equal(isServiceRole(req(`Bearer ${key}`), key), true);
  assert.equal(isServiceRole(req(`Bearer ${key}x`), key), false);
  assert.equal(isServiceRole(req('Bearer anon'), key), false);
  assert.equal(isServiceRole(req(), key), false);
});

Deno.test('signatures: valid, tampered, stale, malformed, missing', async () => {
  const body = '{"type":"INSERT"}';
  const now = Date.UTC(2026, 10, 24);
  const header = await signatureHeader(body, 'secret', now);
  assert.deepEqual(await verifySignature(header, body, 'secret', { now }), { ok: true });
  assert.equal((await verifySignature(header, body + ' ', 'secret', { now })).ok, false);
  assert.equal((await verifySignature(header, body, 'other', { now })).ok, false);
  const stale = await verifySignature(header, body, 'secret', { now: now + 301_000 });
  assert.deepEqual(stale, { ok: false, reason: 'signature timestamp outside tolerance' });
  assert.deepEqual(await verifySignature('v1=abc', body, 'secret', { now }), { ok: false, reason: 'malformed signature' });
  assert.deepEqual(await verifySignature(null, body, 'secret', { now }), { ok: false, reason: 'missing signature' });
});
