import assert from 'node:assert/strict';
import { claimUntilSettled } from './outbox-settle.ts';

/** A step that returns the given claim counts in order, recording when each call happened. */
function scripted(counts: (number | null)[]) {
  const at: number[] = [];
  const step = () => {
    at.push(performance.now());
    // Once the script is used up, the topic stays empty.
    return Promise.resolve(counts.length ? counts.shift()! : 0);
  };
  return { at, step };
}

Deno.test('ends after two empty claims in a row, the second settleMs after the first', async () => {
  const { at, step } = scripted([5, 0, 0, 7]);
  await claimUntilSettled(step, 30);
  assert.equal(at.length, 3);
  assert.ok(at[2] - at[1] >= 25, `settled for ${at[2] - at[1]} ms`);
});

Deno.test('a claim after the settle pause finds work: the run goes on and must settle again', async () => {
  const { at, step } = scripted([0, 3, 0, 0]);
  await claimUntilSettled(step, 1);
  assert.equal(at.length, 4);
});

Deno.test('null stops at once, without a settle pass', async () => {
  const { at, step } = scripted([4, null, 9]);
  await claimUntilSettled(step, 1);
  assert.equal(at.length, 2);
});

Deno.test('settleMs 0 turns settling off: the first empty claim ends the run', async () => {
  const { at, step } = scripted([2, 0, 8]);
  await claimUntilSettled(step, 0);
  assert.equal(at.length, 2);
});
