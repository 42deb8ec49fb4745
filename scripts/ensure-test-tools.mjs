#!/usr/bin/env node
// Makes sure the outside programs the tests use are present, from Debian's packages:
// `chromium` (the browser the end-to-end tests drive; no test tool may download its own),
// `firefox-esr` (the Firefox build is loaded and driven there too, over WebDriver BiDi) and
// `oathtool` (an independent TOTP implementation the codes are compared with).
// Installs what is missing with apt-get when it can; otherwise says what to install and stops.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const tools = [
  { what: 'Chromium', path: process.env.CHROMIUM_PATH || '/usr/bin/chromium', pkg: 'chromium', env: 'CHROMIUM_PATH' },
  { what: 'Firefox ESR', path: process.env.FIREFOX_PATH || '/usr/bin/firefox-esr', pkg: 'firefox-esr', env: 'FIREFOX_PATH' },
  { what: 'oathtool', path: process.env.OATHTOOL_PATH || '/usr/bin/oathtool', pkg: 'oathtool', env: 'OATHTOOL_PATH' },
];

const missing = tools.filter((t) => !existsSync(t.path));
if (missing.length === 0) process.exit(0);

const packages = missing.map((t) => t.pkg);
const canApt = process.getuid?.() === 0 && existsSync('/usr/bin/apt-get');
if (!canApt) {
  for (const t of missing) console.error(`The tests need ${t.what} at ${t.path}, and it is not there.`);
  console.error(`Install it (Debian/Ubuntu: sudo apt-get install -y ${packages.join(' ')}), or point ${missing.map((t) => t.env).join(' / ')} at the binary.`);
  process.exit(1);
}

console.log(`Installing Debian's ${packages.join(' and ')} for the tests (apt-get)…`);
const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
try {
  execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
  execFileSync('apt-get', ['install', '-y', '-qq', ...packages], { stdio: 'inherit', env });
} catch {
  console.error(`apt-get could not install ${packages.join(' ')}. Install by hand (apt-get install -y ${packages.join(' ')}) and run the tests again.`);
  process.exit(1);
}
for (const t of missing) {
  if (!existsSync(t.path)) {
    console.error(`${t.pkg} was installed but ${t.path} is still missing; set ${t.env}.`);
    process.exit(1);
  }
}
