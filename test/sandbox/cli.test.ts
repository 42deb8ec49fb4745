import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { describe, expect, it } from 'vitest';

/** `npm run sandbox -- --port 0` as a person runs it: a real process, its first line, its exit. */
function run(...args: string[]) {
  return spawn(process.execPath, ['--import', 'tsx', 'sandbox/main.ts', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
}

describe('the sandbox command', () => {
  it('prints "B2Core sandbox listening on http://127.0.0.1:PORT" first, serves there, and stops on SIGTERM', async () => {
    const child = run('--port', '0');
    const [line] = (await once(createInterface({ input: child.stdout! }), 'line')) as [string];
    const match = /^B2Core sandbox listening on (http:\/\/127\.0\.0\.1:(\d+))$/.exec(line);
    expect(match, line).not.toBeNull();
    expect(Number(match![2])).toBeGreaterThan(0);
    const res = await fetch(`${match![1]}/api/v2/my/signin/wizard`);
    expect((await res.json()).workflow).toBe('login');
    child.kill('SIGTERM');
    const [code] = await once(child, 'exit');
    expect(code).toBe(0);
  });

  it('refuses a port that is not a number, saying why', async () => {
    const child = run('--port', 'eighty');
    let stderr = '';
    child.stderr!.on('data', (chunk) => (stderr += chunk));
    const [code] = await once(child, 'exit');
    expect(code).toBe(2);
    expect(stderr).toContain('--port must be a whole number from 0 to 65535 (got "eighty")');
  });

  it('says so when the port is taken', async () => {
    const first = run('--port', '0', '--quiet');
    const [line] = (await once(createInterface({ input: first.stdout! }), 'line')) as [string];
    const port = line.split(':').at(-1)!;
    const second = run('--port', port);
    let stderr = '';
    second.stderr!.on('data', (chunk) => (stderr += chunk));
    const [code] = await once(second, 'exit');
    first.kill('SIGTERM');
    expect(code).toBe(1);
    expect(stderr).toContain(`could not listen on 127.0.0.1:${port}`);
  });
});
