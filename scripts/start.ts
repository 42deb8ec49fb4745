// `npm start`: after `wxt build`, runs the sandbox with its demo client and says how to load the
// extension. Stops on Ctrl+C.
import { resolve } from 'node:path';
import { existsSync } from 'node:fs';
import { DEMO_CLIENT } from '../sandbox/domain/limits';
import { startSandbox, type RunningSandbox } from '../sandbox/server';

const wanted = Number(process.env.PORT ?? 8787);

async function start(): Promise<RunningSandbox> {
  try {
    return await startSandbox({ port: wanted });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw error;
    console.log(`Port ${wanted} is busy; using a free one.`);
    return startSandbox({ port: 0 });
  }
}

const sandbox = await start();
const extension = resolve('.output/chrome-mv3');
console.log(`B2Core sandbox listening on ${sandbox.url}`);
console.log(`
  Client UI       ${sandbox.url}/          (${sandbox.url}/?transport=xhr uses XMLHttpRequest)
  Demo client     ${DEMO_CLIENT.email} / ${DEMO_CLIENT.password}   (no 2FA yet)
  Codes sent      ${sandbox.url}/#/outbox   (SMS and email codes land here)

  Extension       ${existsSync(extension) ? extension : `${extension} (missing: run npm run build)`}
  Load it in Chromium or Chrome: open chrome://extensions, turn on Developer mode,
  choose "Load unpacked" and pick the folder above.

  Press Ctrl+C to stop.`);

const stop = () => void sandbox.close().then(() => process.exit(0));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
