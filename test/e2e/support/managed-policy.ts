import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EXTENSION_DIR, launchExtension, type ExtensionHarness } from './extension';

/**
 * The built extension launched under a broker's managed policy, delivered the way Linux Chromium
 * reads one: /etc/chromium/policies/managed/*.json, "3rdparty" → the extension's id. An unpacked
 * extension's id comes from its absolute path (SHA-256, first 16 bytes, hex digits mapped to a–p),
 * so the policy is written before the launch, for a copy of the build at a path of its own: the
 * browsers other test files run at the same time load the build from EXTENSION_DIR, under another
 * id, and never see this policy.
 */
const DIR = '/etc/chromium/policies/managed';

export const extensionIdOf = (path: string) =>
  [...createHash('sha256').update(path).digest('hex').slice(0, 32)].map((c) => String.fromCharCode(97 + parseInt(c, 16))).join('');

export interface ManagedExtension {
  ext: ExtensionHarness;
  /** The id computed from the copy's path, before the launch (the test checks Chromium agrees). */
  expectedId: string;
  close(): Promise<void>;
}

export async function launchManaged(policy: Record<string, unknown>): Promise<ManagedExtension> {
  const created: string[] = [];
  for (const dir of ['/etc/chromium', '/etc/chromium/policies', DIR]) {
    if (!existsSync(dir)) {
      mkdirSync(dir);
      created.unshift(dir);
    }
  }
  const copy = join(mkdtempSync(join(tmpdir(), 'b2ca-managed-')), 'chrome-mv3');
  cpSync(EXTENSION_DIR, copy, { recursive: true });
  const expectedId = extensionIdOf(copy);
  const file = join(DIR, `b2core-authenticator-e2e-${expectedId}.json`);
  writeFileSync(file, JSON.stringify({ '3rdparty': { extensions: { [expectedId]: policy } } }));
  const ext = await launchExtension({ extensionDir: copy });
  return {
    ext,
    expectedId,
    async close() {
      await ext.close();
      rmSync(file, { force: true });
      rmSync(join(copy, '..'), { recursive: true, force: true });
      for (const dir of created) if (existsSync(dir) && readdirSync(dir).length === 0) rmdirSync(dir);
    },
  };
}
