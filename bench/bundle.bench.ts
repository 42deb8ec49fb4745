import { existsSync, readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import type { BenchRow } from './support';

/**
 * Built sizes (gzip -9) of what runs where it matters: the popup document with every script and
 * stylesheet it loads, the content script and the capture script. Deterministic: sizes, not times.
 * Reads `.output/chrome-mv3` (run `npm run build` first).
 */
const OUT = '.output/chrome-mv3';
export const BUDGETS_KB = { popup: 25, content: 6, capture: 2 } as const;

const gz = (file: string) => gzipSync(readFileSync(`${OUT}/${file}`), { level: 9 }).length;

/** The popup's files: popup.html, its scripts and stylesheets, and the chunks those import, statically or later (`import("./app-….js")`, and what Vite preloads for it). */
export function popupFiles(): string[] {
  const html = readFileSync(`${OUT}/popup.html`, 'utf8');
  const files = new Set<string>();
  // (`content`: the app's module entry, named in a meta for the first paint to load: scripts/popup-html.ts.)
  const queue = [...html.matchAll(/(?:src|href|content)="\/?([^"]+\.(?:js|css))"/g)].map((m) => m[1]!);
  while (queue.length) {
    const file = queue.shift()!;
    if (files.has(file) || !existsSync(`${OUT}/${file}`)) continue;
    files.add(file);
    if (file.endsWith('.js')) {
      const code = readFileSync(`${OUT}/${file}`, 'utf8');
      for (const m of code.matchAll(/from\s*"\.\/([^"]+\.js)"|import\s*"\.\/([^"]+\.js)"|import\(\s*"\.\/([^"]+\.js)"\s*\)/g)) {
        queue.push(`${file.slice(0, file.lastIndexOf('/') + 1)}${m[1] ?? m[2] ?? m[3]}`);
      }
      // Vite's preload list for a dynamic import names chunks and style sheets from the root.
      for (const m of code.matchAll(/"((?:chunks|assets)\/[^"]+\.(?:js|css))"/g)) queue.push(m[1]!);
    }
  }
  return ['popup.html', ...files];
}

export function bundleSizes() {
  return {
    popup: popupFiles().reduce((sum, f) => sum + gz(f), 0),
    content: gz('autofill.js'),
    capture: gz('content-scripts/capture.js'),
  };
}

export async function run(): Promise<BenchRow[]> {
  const sizes = bundleSizes();
  return (Object.keys(sizes) as (keyof typeof sizes)[]).map((part) => ({
    name: `${part} bundle (gzip)`,
    ms: null,
    note: `${(sizes[part] / 1024).toFixed(2)} KB of ${BUDGETS_KB[part]} KB budget${sizes[part] / 1024 > BUDGETS_KB[part] ? ' — OVER' : ''}`,
  }));
}
