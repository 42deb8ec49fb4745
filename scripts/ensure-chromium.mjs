#!/usr/bin/env node
// Makes sure the browser the end-to-end tests drive is present: Debian's `chromium`
// (no test tool may download a browser of its own here). Installs it with apt-get when it can.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const browser = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
if (existsSync(browser)) process.exit(0);

const canApt = process.getuid?.() === 0 && existsSync('/usr/bin/apt-get');
if (!canApt) {
  console.error(
    `End-to-end tests need Chromium at ${browser}, and it is not there.\n` +
      `Install it (Debian/Ubuntu: sudo apt-get install -y chromium), or point CHROMIUM_PATH at a Chromium binary.`,
  );
  process.exit(1);
}

console.log('Installing Debian\'s chromium for the end-to-end tests (apt-get)…');
const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
try {
  execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
  execFileSync('apt-get', ['install', '-y', '-qq', 'chromium'], { stdio: 'inherit', env });
} catch {
  console.error('apt-get could not install chromium. Install it by hand (apt-get install -y chromium) and run the tests again.');
  process.exit(1);
}
if (!existsSync(browser)) {
  console.error(`chromium was installed but ${browser} is still missing; set CHROMIUM_PATH to its binary.`);
  process.exit(1);
}
