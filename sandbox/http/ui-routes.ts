import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { Hono } from 'hono';

const uiDir = fileURLToPath(new URL('../ui/', import.meta.url));

let bundle: Promise<string> | null = null;

/** The UI's TypeScript, bundled once per process in memory (esbuild takes a few tens of ms). */
function appBundle(): Promise<string> {
  bundle ??= build({
    entryPoints: [`${uiDir}app.ts`],
    bundle: true,
    write: false,
    format: 'esm',
    target: 'es2022',
    minify: true,
    legalComments: 'none',
  }).then((result) => result.outputFiles[0]!.text);
  return bundle;
}

/** The small B2Core-like client UI at `/`. */
export function uiRoutes(): Hono {
  const ui = new Hono();
  const file = (name: string) => readFile(`${uiDir}${name}`, 'utf8');
  ui.get('/', async (c) => c.html(await file('index.html')));
  ui.get('/app.css', async (c) => c.body(await file('app.css'), 200, { 'Content-Type': 'text/css; charset=utf-8' }));
  ui.get('/favicon.ico', (c) => c.body(null, 204));
  ui.get('/app.js', async (c) => c.body(await appBundle(), 200, { 'Content-Type': 'text/javascript; charset=utf-8' }));
  return ui;
}
