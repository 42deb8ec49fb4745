// `npm start`: after `wxt build`, runs the sandbox with its demo client and, where a display is
// available, opens Chromium with the extension loaded and the sandbox on screen; otherwise says how
// to load the extension. Stops on Ctrl+C.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { DEMO_CLIENT } from '../sandbox/domain/limits';
import { startSandbox, type RunningSandbox } from '../sandbox/server';

const wanted = Number(process.env.PORT ?? 8787);

async function start(): Promise<RunningSandbox> {
  try {
    return await startSandbox({ port: wanted });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw error;
    console.log(`Port ${wanted} is busy; using a free one.`);
    return startSandbox({ port: 0 });
  }
}

const sandbox = await start();
const extension = resolve('.output/chrome-mv3');
console.log(`B2Core sandbox listening on ${sandbox.url}`);
console.log(`
  Client UI       ${sandbox.url}/          (${sandbox.url}/?transport=xhr uses XMLHttpRequest)
  Demo client     ${DEMO_CLIENT.email} / ${DEMO_CLIENT.password}   (no 2FA yet)
  Codes sent      ${sandbox.url}/#/outbox   (SMS and email codes land here)

  Extension       ${existsSync(extension) ? extension : `${extension} (missing: run npm run build)`}
  Load it in Chromium or Chrome: open chrome://extensions, turn on Developer mode,
  choose "Load unpacked" and pick the folder above. Then open the client UI, choose
  "Use on this site" in the extension's popup, and enable Google Authenticator there.

  Press Ctrl+C to stop.`);

/** Chromium with a fresh profile and the extension, when there is a screen to show it on. */
function launchBrowser(): ChildProcess | null {
  const browser = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
  const display = process.env.DISPLAY || process.env.WAYLAND_DISPLAY;
  if (!display || !existsSync(browser) || !existsSync(extension) || process.env.CI) return null;
  const profile = mkdtempSync(join(tmpdir(), 'b2core-authenticator-'));
  const child = spawn(
    browser,
    [
      `--user-data-dir=${profile}`,
      `--disable-extensions-except=${extension}`,
      `--load-extension=${extension}`,
      '--no-first-run',
      // Chromium refuses to run as root with its sandbox on (containers, CI machines).
      ...(process.getuid?.() === 0 ? ['--no-sandbox'] : []),
      `${sandbox.url}/`,
    ],
    { stdio: 'ignore' },
  );
  child.on('error', () => undefined);
  return child;
}

const browserProcess = launchBrowser();
if (browserProcess) {
  console.log(`\n  Chromium is open with the extension and the sandbox. In the extension's popup, choose
  "Use on this site" on the sandbox tab, then enable Google Authenticator on its Security page.`);
}

const stop = () => {
  browserProcess?.kill();
  void sandbox.close().then(() => process.exit(0));
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
