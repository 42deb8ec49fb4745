// @vitest-environment node
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The project's rules for src/b2core, enforced: it runs in a service worker and an extension page,
 * so no Node APIs and no console; one concept per kebab-case file, each opening with its JSDoc.
 */
const dir = join(import.meta.dirname, '../../../src/b2core');
const files = readdirSync(dir).filter((f) => f.endsWith('.ts'));
const source = (file: string) => readFileSync(join(dir, file), 'utf8');

describe('src/b2core rules', () => {
  it('has the public index and kebab-case names', () => {
    expect(files).toContain('index.ts');
    for (const file of files) expect(file).toMatch(/^[a-z][a-z0-9]*(-[a-z0-9]+)*\.ts$/);
  });

  it.each(files)('%s: no Node APIs, no console, only valibot and the project result type from outside', (file) => {
    const text = source(file);
    expect(text).not.toMatch(/from 'node:|require\(|\bBuffer\b|\bprocess\.|console\./);
    for (const [, spec] of text.matchAll(/from '([^']+)'/g)) expect(spec === 'valibot' || spec === '../result' || spec!.startsWith('./')).toBe(true);
  });

  it.each(files)('%s opens with (or exports under) JSDoc', (file) => {
    expect(source(file)).toMatch(/\/\*\*[\s\S]*?\*\//);
  });
});
