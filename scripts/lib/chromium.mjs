// Headless Debian Chromium driven by playwright-core (`npx playwright install` cannot download a
// browser here; scripts/setup installs the `chromium` package). The flags keep Chromium off the
// network it would otherwise call at start (updates, sync, QUIC probes), which this machine refuses.
import { existsSync } from 'node:fs';
import { chromium } from 'playwright-core';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export async function launchChromium() {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(`${CHROMIUM_PATH} is missing: run scripts/setup as root (it installs the Debian chromium package), or set CHROMIUM_PATH`);
  }
  // playwright-core adds --headless and a fresh temporary --user-data-dir itself.
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
}
