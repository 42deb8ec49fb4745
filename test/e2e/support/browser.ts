import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Locator, type Page } from 'playwright-core';

/**
 * Debian's Chromium driven by playwright-core, as ../shared/testing.md describes: a fresh profile
 * per launch, quiet and offline-safe flags, and optionally the built extension loaded.
 */
/**
 * Debian's `/usr/bin/chromium` is a shell script that reads /etc/chromium.d and starts
 * /usr/lib/chromium/chromium: started directly, each launch saves ~0.8 s of CPU (a browser file may
 * launch several; the tests run two at a time on two cores). Its flags are Debian's desktop
 * defaults, none of which the tests need.
 */
export const CHROMIUM = process.env.CHROMIUM_PATH || ['/usr/lib/chromium/chromium', '/usr/bin/chromium'].find((path) => existsSync(path)) || '/usr/bin/chromium';

const QUIET_FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1, EXCLUDE localhost',
];

export interface Browser {
  context: BrowserContext;
  close(): Promise<void>;
}

export interface LaunchOptions {
  extensionDir?: string;
  /** More command-line flags (e.g. `--lang=ru`). */
  args?: string[];
  /** More environment for the browser process (e.g. `LANGUAGE=ru`: on Linux the UI language comes from it). */
  env?: Record<string, string>;
}

export async function launch(options: LaunchOptions = {}): Promise<Browser> {
  const profile = mkdtempSync(join(tmpdir(), 'b2core-e2e-'));
  const args = [...QUIET_FLAGS, ...(options.args ?? [])];
  if (options.extensionDir) args.push(`--disable-extensions-except=${options.extensionDir}`, `--load-extension=${options.extensionDir}`);
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args,
    viewport: { width: 1000, height: 760 },
    ...(options.env ? { env: { ...process.env, ...options.env } as Record<string, string> } : {}),
    ...(options.extensionDir ? { ignoreDefaultArgs: ['--disable-extensions'] } : {}),
  });
  return {
    context,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

const SHOTS = join(process.cwd(), 'test-results', 'screenshots');

/**
 * Screenshots are for people to look at, not checks: taken only when `E2E_SCREENSHOTS=1` (`npm run
 * screenshots`). Left out of `npm test`, they leave their CPU to the browser tests running two at a time.
 */
export const SCREENSHOTS = process.env.E2E_SCREENSHOTS === '1';

/** Full-page screenshot under test-results/screenshots/. */
export async function screenshot(page: Page, name: string): Promise<void> {
  if (!SCREENSHOTS) return;
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
}

/** A page or one part of it (a section, a region), light and dark, under test-results/screenshots/. */
export async function shoot(target: Page | Locator, name: string): Promise<void> {
  if (!SCREENSHOTS) return;
  mkdirSync(SHOTS, { recursive: true });
  const page = 'goto' in target ? target : target.page();
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await target.screenshot({ path: join(SHOTS, `${name}-${scheme}.png`) });
  }
  await page.emulateMedia({ colorScheme: 'light' });
}
