// @vitest-environment node
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

/**
 * The layering, checked on the source itself (imports read by TypeScript's own pre-processor):
 * no import cycle anywhere in src/ or entrypoints/, type-only imports included (a cycle of types is
 * still two concepts that cannot be read apart), and no page or UI code reaching into the worker.
 */
const ROOT = resolve(__dirname, '../../..');
const EXTS = ['.ts', '.tsx', '/index.ts', '/index.tsx'];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(name) && !name.endsWith('.d.ts') ? [path] : [];
  });
}

function resolveImport(from: string, spec: string): string | null {
  const base = spec.startsWith('@/') ? join(ROOT, spec.slice(2)) : spec.startsWith('.') ? resolve(dirname(from), spec) : null;
  if (base === null) return null;
  if (/\.tsx?$/.test(base) && existsSync(base)) return base;
  for (const ext of EXTS) if (existsSync(base + ext)) return base + ext;
  return null;
}

/** file (relative to the root) → the project files it imports. */
function importGraph(): Map<string, string[]> {
  const files = [...sourceFiles(join(ROOT, 'src')), ...sourceFiles(join(ROOT, 'entrypoints'))];
  const graph = new Map<string, string[]>();
  for (const file of files) {
    const { importedFiles } = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
    const targets = importedFiles.map((f) => resolveImport(file, f.fileName)).filter((f): f is string => f !== null);
    graph.set(relative(ROOT, file), targets.map((f) => relative(ROOT, f)));
  }
  return graph;
}

/** Strongly connected components with more than one file, or a file importing itself (Tarjan). */
function cycles(graph: Map<string, string[]>): string[][] {
  let index = 0;
  const stack: string[] = [];
  const on = new Set<string>();
  const idx = new Map<string, number>();
  const low = new Map<string, number>();
  const found: string[][] = [];
  const visit = (v: string) => {
    idx.set(v, index);
    low.set(v, index++);
    stack.push(v);
    on.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!idx.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (on.has(w)) low.set(v, Math.min(low.get(v)!, idx.get(w)!));
    }
    if (low.get(v) === idx.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        on.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1 || (graph.get(v) ?? []).includes(v)) found.push(component.sort());
    }
  };
  for (const v of graph.keys()) if (!idx.has(v)) visit(v);
  return found;
}

describe('the import graph', () => {
  const graph = importGraph();

  it('reads every source file and their imports', () => {
    expect(graph.size).toBeGreaterThan(150);
    expect(graph.get('src/worker/create-worker.ts')).toContain('src/worker/context.ts');
  });

  it('has no cycle', () => {
    expect(cycles(graph)).toEqual([]);
  });

  it('finds a cycle when there is one (the check itself)', () => {
    const planted = new Map(graph);
    planted.set('src/origin/loopback.ts', [...(graph.get('src/origin/loopback.ts') ?? []), 'src/origin/site-origin.ts']);
    expect(cycles(planted)).toContainEqual(['src/origin/loopback.ts', 'src/origin/site-origin.ts']);
  });

  it('no UI file and no page entrypoint imports the worker; only the background entrypoint does', () => {
    const reaching = [...graph].filter(([file, targets]) => file !== 'entrypoints/background.ts' && !file.startsWith('src/worker/') && targets.some((t) => t.startsWith('src/worker/')));
    expect(reaching.map(([file]) => file)).toEqual([]);
  });

  it('autofill is collect → plan → fill: it reaches neither the worker, the vault nor storage', () => {
    const reaching = [...graph].filter(([file, targets]) => file.startsWith('src/autofill/') && targets.some((t) => /^src\/(worker|vault|storage)\//.test(t)));
    expect(reaching.map(([file]) => file)).toEqual([]);
  });
});
