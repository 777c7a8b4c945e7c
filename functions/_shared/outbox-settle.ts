// The drainers' side of wake-up coalescing (20261124231000_ops_outbox_wake_coalescing): a producer
// skips its wake-up while one is in flight, so one that checked just before a drainer's last,
// empty claim may commit just after it. A drainer therefore settles: after an empty claim it
// claims once more, settleMs later, and only a second empty claim in a row ends the run.
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Run `step` (claim and handle one batch) until the topic has been empty twice, settleMs apart.
 * `step` returns how many events it claimed, or null to stop at once (budget spent, a failure).
 */
export async function claimUntilSettled(step: () => Promise<number | null>, settleMs = 25): Promise<void> {
  for (let settled = false; ;) {
    const claimed = await step();
    if (claimed === null) return;
    if (claimed > 0) {
      settled = false;
    } else if (settled || settleMs <= 0) {
      return;
    } else {
      settled = true;
      await sleep(settleMs);
    }
  }
}
