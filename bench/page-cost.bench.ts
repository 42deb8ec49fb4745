import type { BrowserContext, Page } from 'playwright-core';
import { startSandbox, type RunningSandbox } from '../sandbox/server';
import { page as fixture } from '../test/fixtures/pages/hostile';
import { launch, type Browser } from '../test/e2e/support/browser';
import { launchExtension, type ExtensionHarness } from '../test/e2e/support/extension';
import type { BenchRow } from './support';

/**
 * What the extension adds to a registered B2Core page, and proof that it adds nothing to others.
 *
 * Two Chromium instances side by side — one with the extension (the sandbox's origin registered),
 * one without — load the same pages in alternation, so both see the same machine:
 * - the sandbox's sign-in page (a B2Core client area): `domContentLoadedEventEnd` of the navigation,
 *   and long tasks (PerformanceObserver `longtask`, from the first byte), medians over LOADS loads;
 * - two hostile pages while the API has asked for a code (the extension is looking for the field):
 *   3,000 code-like inputs, and DOM churn (~50 nodes every 2 ms); long tasks over 2 s, over ROUNDS;
 * - an unregistered origin (the same server under `localhost`): the isolated worlds Chromium
 *   created in the page (CDP `Runtime.executionContextCreated`) and whether `fetch` is still native.
 * Timings are reported, never asserted (2 shared cores: figures move with the machine's load).
 */
const LOADS = 21;
const ROUNDS = 5;
const DEMO = { email: 'demo@example.com', password: 'Demo-Passw0rd' };

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

/** Long tasks from the document's start, kept in the page (both contexts get the same script). */
function watchLongTasks() {
  const tasks: number[] = [];
  (window as any).longTasks = tasks;
  try {
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) tasks.push(entry.duration);
    }).observe({ type: 'longtask', buffered: true });
  } catch {
    // no longtask support: reported as none
  }
}

interface Load {
  dcl: number;
  longTasks: number[];
}

async function loadOnce(page: Page, url: string): Promise<Load> {
  await page.goto('about:blank');
  await page.goto(url, { waitUntil: 'load' });
  await page.waitForTimeout(300); // late long tasks (scripts after load)
  return page.evaluate(() => ({
    dcl: (performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming).domContentLoadedEventEnd,
    longTasks: [...((window as any).longTasks as number[])],
  }));
}

/** A hostile page while the API asks for a code: long tasks during `ms` after the sign-in answer. */
async function underGrant(page: Page, url: string, ms: number): Promise<number[]> {
  await page.goto('about:blank');
  await page.goto(url, { waitUntil: 'load' });
  const before = await page.evaluate(() => ((window as any).longTasks as number[]).length);
  await page.evaluate(({ email, password }) => (window as any).signIn(email, password), DEMO);
  await page.waitForTimeout(ms);
  return page.evaluate((from) => ((window as any).longTasks as number[]).slice(from), before);
}

/** Isolated worlds (content scripts) Chromium created in `url`, and whether `fetch` is native there. */
async function injectionProbe(context: BrowserContext, url: string): Promise<{ isolated: string[]; nativeFetch: boolean }> {
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  const isolated: string[] = [];
  cdp.on('Runtime.executionContextCreated', (event: any) => {
    const { auxData, name, origin } = event.context;
    // Playwright's own utility world is isolated too: only extension worlds count.
    if (auxData?.type === 'isolated' && !String(name).startsWith('__playwright')) isolated.push(`${name} (${origin})`);
  });
  await cdp.send('Runtime.enable');
  await page.goto(url, { waitUntil: 'load' });
  await page.waitForTimeout(300);
  const nativeFetch = await page.evaluate(() => /\[native code\]/.test(Function.prototype.toString.call(window.fetch)));
  await cdp.detach();
  await page.close();
  return { isolated, nativeFetch };
}

async function enableDemo(ext: ExtensionHarness, sb: RunningSandbox) {
  const page = await ext.context.newPage();
  await page.goto(`${sb.url}/#/signin`);
  await page.getByLabel('Email').fill(DEMO.email);
  await page.getByLabel('Password').fill(DEMO.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('button', { name: 'Enable Google Authenticator' }).click();
  await page.waitForFunction(() => /^\d{6}$/.test((document.querySelector('input[name=code]') as HTMLInputElement | null)?.value ?? ''));
  await page.getByRole('button', { name: 'Enable', exact: true }).click();
  await page.getByText('Google Authenticator is enabled.').waitFor();
  await page.close();
}

export async function run(): Promise<BenchRow[]> {
  const sb = await startSandbox({ port: 0 });
  const ext = await launchExtension();
  let plain: Browser | null = null;
  try {
    plain = await launch();
    await ext.send('sites/add', { site: sb.url });
    await enableDemo(ext, sb);
    const many = Array.from({ length: 3000 }, (_, i) => `<input name="code-${i}" aria-label="Code">`).join('');
    const pages: Record<string, string> = {
      '/fixture/thousands.html': fixture(`<form>${many}</form>`),
      '/fixture/churn.html': fixture('<div id="churn"></div>', {
        script: `
          const box = document.getElementById('churn');
          setInterval(() => {
            for (let i = 0; i < 50; i++) { const d = document.createElement('div'); d.textContent = 'x' + i; box.append(d); }
            while (box.childNodes.length > 200) box.firstChild.remove();
            const old = document.getElementById('flicker');
            if (old) old.remove(); else box.insertAdjacentHTML('afterbegin', '<label id="flicker">Code <input name="code" autocomplete="one-time-code"></label>');
          }, 2);`,
      }),
    };
    const contexts = { with: ext.context, without: plain.context };
    for (const context of Object.values(contexts)) {
      await context.addInitScript(watchLongTasks);
      await context.route(/\/fixture\//, (route) => route.fulfill({ contentType: 'text/html', body: pages[new URL(route.request().url()).pathname] ?? '' }));
    }
    const tabs = { with: await ext.context.newPage(), without: await plain.context.newPage() };

    // 1. The sign-in page, alternating with and without (order flipped each round).
    const loads: Record<'with' | 'without', Load[]> = { with: [], without: [] };
    const signin = `${sb.url}/#/signin`;
    for (let i = 0; i < 3; i++) for (const side of ['with', 'without'] as const) await loadOnce(tabs[side], signin); // warm-up
    for (let i = 0; i < LOADS; i++) {
      for (const side of i % 2 ? (['without', 'with'] as const) : (['with', 'without'] as const)) loads[side].push(await loadOnce(tabs[side], signin));
    }
    const dcl = { with: median(loads.with.map((l) => l.dcl)), without: median(loads.without.map((l) => l.dcl)) };
    const lt = (side: 'with' | 'without') => ({
      count: median(loads[side].map((l) => l.longTasks.length)),
      total: median(loads[side].map((l) => sum(l.longTasks))),
      loadsWithAny: loads[side].filter((l) => l.longTasks.length > 0).length,
    });
    const ltWith = lt('with');
    const ltWithout = lt('without');

    // 2. Hostile pages while the API asks for a code.
    const hostile: BenchRow[] = [];
    for (const [name, path] of [
      ['3,000 code-like inputs', '/fixture/thousands.html'],
      ['DOM churn (~25,000 nodes/s)', '/fixture/churn.html'],
    ] as const) {
      const tasks: Record<'with' | 'without', number[][]> = { with: [], without: [] };
      for (let i = 0; i < ROUNDS; i++) {
        for (const side of i % 2 ? (['without', 'with'] as const) : (['with', 'without'] as const)) {
          await fetch(`${sb.url}/__sandbox/clock`, { method: 'POST', body: JSON.stringify({ offsetSeconds: 30 * (i + 1) }) });
          tasks[side].push(await underGrant(tabs[side], `${sb.url}${path}`, 2000));
        }
      }
      const total = (side: 'with' | 'without') => median(tasks[side].map(sum));
      const count = (side: 'with' | 'without') => median(tasks[side].map((t) => t.length));
      hostile.push({
        name: `page cost: ${name}, API asking for a code (2 s)`,
        ms: total('with') - total('without'),
        note: `long tasks with the extension: ${count('with')} (${total('with').toFixed(0)} ms), without: ${count('without')} (${total('without').toFixed(0)} ms); medians over ${ROUNDS} rounds; ms = the difference`,
      });
    }

    // 3. Zero injection on an unregistered origin; our two worlds on the registered one.
    const unregistered = await injectionProbe(ext.context, `${sb.url.replace('127.0.0.1', 'localhost')}/#/signin`);
    const registered = await injectionProbe(ext.context, signin);

    return [
      {
        name: 'page cost: sign-in page, DOMContentLoaded',
        ms: dcl.with - dcl.without,
        note: `with the extension ${dcl.with.toFixed(1)} ms, without ${dcl.without.toFixed(1)} ms (medians over ${LOADS} loads each, alternating); ms = the difference`,
      },
      {
        name: 'page cost: sign-in page, long tasks',
        ms: ltWith.total - ltWithout.total,
        note: `median per load with: ${ltWith.count} (${ltWith.total.toFixed(0)} ms), without: ${ltWithout.count} (${ltWithout.total.toFixed(0)} ms); loads with any: ${ltWith.loadsWithAny}/${LOADS} vs ${ltWithout.loadsWithAny}/${LOADS}`,
      },
      ...hostile,
      {
        name: 'injection on an unregistered origin',
        ms: null,
        note: `${unregistered.isolated.length} content-script worlds, fetch native: ${unregistered.nativeFetch ? 'yes' : 'NO'} (localhost on the same server); registered origin: ${registered.isolated.length} world(s) [${registered.isolated.join(', ')}], fetch native: ${registered.nativeFetch ? 'yes' : 'no (observed)'}`,
      },
    ];
  } finally {
    await plain?.close();
    await ext.close();
    await sb.close();
  }
}
