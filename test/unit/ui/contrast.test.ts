import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * Colour contrast of the tokens in base.css, light and dark, for every pairing the stylesheets use
 * (WCAG 2.1: text ≥ 4.5:1, 1.4.3; field outlines and the focus ring ≥ 3:1, 1.4.11). axe-core checks
 * what is on screen during the e2e scans; this covers the states those scans do not reach (an error
 * toast, the warning phase of a countdown, the locked form) and fails on a token change that breaks one.
 */
const CSS = readFileSync(join(import.meta.dirname, '..', '..', '..', 'src', 'ui', 'styles', 'base.css'), 'utf8');

function tokens(block: string): Record<string, string> {
  return Object.fromEntries([...block.matchAll(/--([\w-]+):\s*(#[0-9a-f]{6})\s*;/gi)].map((m) => [m[1]!, m[2]!.toLowerCase()]));
}

const light = tokens(CSS.slice(CSS.indexOf(':root'), CSS.indexOf('@media (prefers-color-scheme: dark)')));
const dark = { ...light, ...tokens(CSS.slice(CSS.indexOf('@media (prefers-color-scheme: dark)'))) };

/** WCAG 2.1 relative luminance and contrast ratio. */
function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255).map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
}
function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi! + 0.05) / (lo! + 0.05);
}

/** [foreground, background, where] for text. */
const TEXT: Array<[string, string, string]> = [
  ['text', 'bg', 'page text, site bar'],
  ['text', 'surface', 'cards, list, header'],
  ['text', 'surface-2', 'hovered row'],
  ['muted', 'surface', 'secondary text, countdown number'],
  ['muted', 'bg', 'site bar'],
  ['muted', 'surface-2', 'hovered countdown, search icon'],
  ['accent', 'surface', '"Use on this site"'],
  ['accent', 'accent-soft', 'hovered secondary button'],
  ['on-accent', 'accent', 'primary and Fill buttons'],
  ['on-accent', 'accent-hover', 'hovered primary buttons'],
  ['code', 'surface', 'codes'],
  ['code', 'surface-2', 'codes, hovered'],
  ['code', 'accent-soft', 'codes, pressed'],
  ['warn', 'warn-soft', 'pending banner'],
  ['warn', 'surface', 'code and countdown in their last seconds'],
  ['warn', 'surface-2', 'the same, hovered'],
  ['danger', 'surface', 'errors in cards, key error, Remove'],
  ['danger', 'bg', 'errors in the site bar'],
  ['danger', 'danger-soft', 'popup notice, hovered Remove'],
  ['on-danger', 'danger', 'error toast'],
  ['ok', 'bg', 'success in the site bar'],
  ['ok', 'surface', 'success in cards'],
  ['bg', 'text', 'copy toast'],
];

/** Outlines that identify a control or show focus (non-text contrast). */
const OUTLINES: Array<[string, string, string]> = [
  ['field-border', 'surface', 'text fields'],
  ['field-border', 'bg', 'text fields on the page'],
  ['focus', 'surface', 'focus ring'],
  ['focus', 'bg', 'focus ring on the page'],
  ['focus', 'surface-2', 'focus ring on a filled field'],
];

describe('colour contrast of base.css tokens', () => {
  it('reads both schemes', () => {
    expect(Object.keys(light).length).toBeGreaterThan(20);
    expect(dark.bg).not.toBe(light.bg);
    expect(contrast('#000000', '#ffffff')).toBeCloseTo(21, 5);
    expect(contrast('#777777', '#ffffff')).toBeCloseTo(4.48, 2);
  });

  for (const [scheme, palette] of [['light', light], ['dark', dark]] as const) {
    it(`${scheme}: text ≥ 4.5:1 on every background it is set on`, () => {
      const low = TEXT.map(([fg, bg, where]) => ({ pair: `${fg} on ${bg} (${where})`, ratio: contrast(palette[fg]!, palette[bg]!) })).filter((p) => !(p.ratio >= 4.5));
      expect(low).toEqual([]);
    });
    it(`${scheme}: field outlines and the focus ring ≥ 3:1`, () => {
      const low = OUTLINES.map(([fg, bg, where]) => ({ pair: `${fg} on ${bg} (${where})`, ratio: contrast(palette[fg]!, palette[bg]!) })).filter((p) => !(p.ratio >= 3));
      expect(low).toEqual([]);
    });
  }
});
