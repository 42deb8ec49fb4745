import type { Page } from 'playwright-core';
import type { ExtensionHarness } from './extension';

/**
 * One tab that a file's cases take in turn, instead of a new tab per case. Chromium spends far more
 * CPU opening and closing a tab than navigating one (hostile-pages.test.ts, ~50 cases: 74 → ~57
 * CPU-s for the file), and the browser files share two cores.
 *
 * `open` navigates the tab to the case's page. `release` unloads that page — its scripts, timers and
 * content scripts end, as in a closed tab — waits until the worker has answered everything the page
 * asked (an answer still on its way could give the tab a grant, or a fill, meant for the page that
 * is gone), then drops the fill grants the worker keeps per tab: nothing of one case is left for the
 * next in the same tab. (It drops every tab's grant: the cases of a file run one at a time.)
 *
 * Not for cases whose page sends requests it never reports (page-script-attacks.test.ts): the worker
 * matches a page's report to the browser's record of the request in the same tab, oldest first, and
 * such a leftover record would be matched by the next case's report (failing closed: no fill).
 */
export function caseTab(ext: ExtensionHarness) {
  let tab: Page | null = null;
  async function release(page: Page | null = tab): Promise<void> {
    if (!page || page.isClosed()) return;
    if (page !== tab) return page.close();
    await page.goto('about:blank');
    await ext.settled(await ext.asks());
    await ext.clearSession('fillGrants');
  }
  return {
    async open(url: string): Promise<Page> {
      if (!tab || tab.isClosed()) tab = await ext.context.newPage();
      // A case that failed before its end left its page here: released first, so its failure stays its own.
      else if (tab.url() !== 'about:blank') await release(tab);
      await tab.goto(url);
      return tab;
    },
    /** The end of a case in `page` (the case tab, or any other tab, which is closed). */
    release,
  };
}
