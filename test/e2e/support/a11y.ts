import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { screenshot } from './browser';

/**
 * What the accessibility tests share: axe-core scans run in the page (counts by impact kept for one
 * table per file), the focused element's accessible name as Playwright's role queries compute it,
 * Tab until a name has focus, the visible focus ring, and elements that overflow their box.
 */
declare const axe: { run(context: Document, options: object): Promise<{ violations: AxeViolation[]; incomplete: AxeViolation[]; passes: unknown[] }> };

export interface AxeViolation {
  id: string;
  impact: 'minor' | 'moderate' | 'serious' | 'critical' | null;
  help: string;
  nodes: { target: string[]; failureSummary?: string }[];
}

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const IMPACTS = ['critical', 'serious', 'moderate', 'minor'] as const;

/** One file's scans: `scan` records each one's counts, `print` shows them as a table. */
export function axeTable() {
  const lines: string[] = [];

  /**
   * Runs axe-core in the page. Evaluated over CDP (as DevTools would), because an extension page's
   * CSP refuses inline scripts. Answers the violations, and records the counts by impact.
   */
  async function scan(page: Page, label: string): Promise<AxeViolation[]> {
    if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(`${AXE_SOURCE};0`);
    const { violations, incomplete, passes } = await page.evaluate(() => axe.run(document, { resultTypes: ['violations', 'incomplete'] }));
    const count = (impact: string) => violations.filter((v) => v.impact === impact).reduce((n, v) => n + v.nodes.length, 0);
    const ids = (list: AxeViolation[]) => list.map((v) => `${v.id}×${v.nodes.length}`).join(', ');
    lines.push(
      `${label.padEnd(36)} ${IMPACTS.map((i) => `${i} ${count(i)}`).join(', ')}; rules passed ${passes.length}` +
        `${violations.length ? `; violations [${ids(violations)}]` : ''}${incomplete.length ? `; to review by hand [${ids(incomplete)}]` : ''}`,
    );
    return violations;
  }

  /** Scans `page` light and dark (the system's scheme, emulated), with a full-page screenshot of each; field outlines too. */
  async function scanBothSchemes(page: Page, label: string): Promise<void> {
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      await screenshot(page, `a11y-${label}-${scheme}`);
      expect(blocking(await scan(page, `${label} (${scheme})`)), `${label} ${scheme}`).toEqual([]);
      expect(await faintFields(page), `${label} ${scheme}: field outlines under 3:1`).toEqual([]);
    }
    await page.emulateMedia({ colorScheme: 'light' });
  }

  return {
    scan,
    scanBothSchemes,
    print: () => console.log(`axe-core violations (nodes) by impact:\n${lines.join('\n')}`),
  };
}

/** Serious and critical violations, readable in a failure message. */
export const blocking = (violations: AxeViolation[]) =>
  violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(' | ')}`);

/** Polls `check` (in hooks, where `expect.poll` is not allowed); throws naming `what` after `ms`. */
export async function until(what: string, check: () => Promise<boolean>, ms = 10_000): Promise<void> {
  for (const end = Date.now() + ms; !(await check()); await new Promise((resolve) => setTimeout(resolve, 50))) {
    if (Date.now() > end) throw new Error(`Timed out waiting until ${what}`);
  }
}

/** The focused element's accessible name, as Playwright's role queries compute it (its ARIA snapshot's first line). */
export async function focused(page: Page): Promise<string> {
  const snapshot = await focusedSnapshot(page);
  if (snapshot === null) return '(nothing)';
  let line = snapshot.split('\n')[0]!.replace(/^- /, '');
  // YAML quotes a line holding a colon: - 'button "Copy code: …"'.
  if (line.startsWith("'")) line = line.slice(1, line.lastIndexOf("'")).replace(/''/g, "'");
  const name = /^[\w-]+ "((?:[^"\\]|\\.)*)"/.exec(line)?.[1];
  return name === undefined ? line : name.replace(/\\(.)/g, '$1');
}

/**
 * The ARIA snapshot of `document.activeElement`, or null when nothing has focus. Found through a
 * marker attribute rather than `:focus`, which does not match a date field whose focus is in one of
 * its parts (day, month, year).
 */
async function focusedSnapshot(page: Page): Promise<string | null> {
  const marked = await page.evaluate(() => {
    const el = document.activeElement;
    if (el === null || el === document.body) return false;
    el.setAttribute('data-e2e-focused', '');
    return true;
  });
  if (!marked) return null;
  const probe = page.locator('[data-e2e-focused]');
  try {
    return await probe.ariaSnapshot({ timeout: 2000 });
  } finally {
    // Without waiting for the element: a re-render may have replaced it meanwhile, and a locator
    // would then wait its whole default timeout (30 s) for one that never comes back.
    await page.evaluate(() => document.querySelectorAll('[data-e2e-focused]').forEach((el) => el.removeAttribute('data-e2e-focused'))).catch(() => undefined);
  }
}

export const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The focused element shows a focus ring: it matches :focus-visible and draws an outline (or a shadow) of 2 px or more. */
export async function expectFocusRing(page: Page): Promise<void> {
  const read = () =>
    page.evaluate(() => {
      const el = document.activeElement as HTMLElement;
      const style = getComputedStyle(el);
      return { element: `${el.tagName.toLowerCase()}#${el.id}.${el.className}`, visible: el.matches(':focus-visible'), outline: style.outlineStyle, width: parseFloat(style.outlineWidth), shadow: style.boxShadow };
    });
  // Where focus settles: a list that renders twice after an action (its own answer, then the
  // storage change feed) may hold it on the page for a moment on a busy machine.
  let ring = await read();
  for (let i = 0; i < 40 && !ring.visible; i++) {
    await page.waitForTimeout(50);
    ring = await read();
  }
  expect(ring.visible, JSON.stringify(ring)).toBe(true);
  expect((ring.outline !== 'none' && ring.width >= 2) || ring.shadow !== 'none', JSON.stringify(ring)).toBe(true);
}

/** Presses `key` (Tab, or Shift+Tab) until `name` has focus (at most `max` times), answering the names passed through. */
export async function tabTo(page: Page, name: string | RegExp, max = 30, key: 'Tab' | 'Shift+Tab' = 'Tab'): Promise<string[]> {
  const seen: string[] = [];
  for (let i = 0; i < max; i++) {
    await page.keyboard.press(key);
    const now = await focused(page);
    seen.push(now);
    if (typeof name === 'string' ? now === name : name.test(now)) return seen;
  }
  throw new Error(`${key} never reached ${name}; went through ${JSON.stringify(seen)}`);
}

/** Elements whose content is wider than their box and is not meant to scroll or be cut with an ellipsis. */
export function overflowing(page: Page, within = 'body'): Promise<string[]> {
  return page.evaluate(
    (root) =>
      [...document.querySelectorAll<HTMLElement>(`${root} *`)]
        .filter((el) => {
          const style = getComputedStyle(el);
          if (style.textOverflow === 'ellipsis' || ['auto', 'scroll'].includes(style.overflowX) || el.closest('[aria-hidden=true], .visually-hidden, svg')) return false;
          // Out on either side: right to left, an overflow runs off the left edge.
          const box = el.getBoundingClientRect();
          return el.scrollWidth > el.clientWidth + 1 || box.right > document.documentElement.clientWidth + 1 || box.left < -1;
        })
        .map((el) => `${el.tagName.toLowerCase()}.${el.className}: ${el.textContent?.slice(0, 40)}`),
    within,
  );
}

/**
 * Fields whose outline is under 3:1 against what is around them (WCAG 1.4.11, non-text contrast: a
 * field must be seen as one). axe-core does not check this. Text fields, selects and date fields
 * that are enabled and shown; the background is the nearest opaque one behind the field.
 */
export function faintFields(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const rgb = (css: string) => {
      const m = /rgba?\(([\d.]+),? ([\d.]+),? ([\d.]+)(?:,? \/? ?([\d.]+))?\)/.exec(css);
      return m ? { r: +m[1]!, g: +m[2]!, b: +m[3]!, a: m[4] === undefined ? 1 : +m[4] } : null;
    };
    const luminance = ({ r, g, b }: { r: number; g: number; b: number }) => {
      const lin = (c: number) => ((c /= 255) <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);
      return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
    };
    const behind = (el: Element) => {
      for (let at = el.parentElement; at; at = at.parentElement) {
        const color = rgb(getComputedStyle(at).backgroundColor);
        if (color && color.a === 1) return color;
      }
      return rgb(getComputedStyle(document.documentElement).backgroundColor) ?? { r: 255, g: 255, b: 255, a: 1 };
    };
    const fields = document.querySelectorAll<HTMLElement>('input:not([type=checkbox]):not([type=radio]):not([type=file]):not([type=hidden]), select, textarea');
    return [...fields]
      .filter((el) => !el.matches(':disabled') && el.getClientRects().length > 0 && el !== document.activeElement)
      .flatMap((el) => {
        const border = rgb(getComputedStyle(el).borderTopColor);
        if (!border || parseFloat(getComputedStyle(el).borderTopWidth) === 0) return [`${el.id || el.tagName}: no border`];
        const [hi, lo] = [luminance(border), luminance(behind(el))].sort((x, y) => y - x);
        const ratio = (hi! + 0.05) / (lo! + 0.05);
        return ratio >= 3 ? [] : [`${el.id || el.tagName} ${ratio.toFixed(2)}:1`];
      });
  });
}
