import { parseArgs } from 'node:util';
import { DEMO_CLIENT } from './domain/limits';
import { startSandbox } from './server';

/** `npm run sandbox -- --port N [--host H] [--quiet]`: prints the one line of docs/b2core-api.md first. */
async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: '8787' },
      host: { type: 'string', default: '127.0.0.1' },
      quiet: { type: 'boolean', default: false },
    },
  });

  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`b2core-sandbox: --port must be a whole number from 0 to 65535 (got "${values.port}")`);
    return 2;
  }

  try {
    const sandbox = await startSandbox({ port, host: values.host });
    console.log(`B2Core sandbox listening on ${sandbox.url}`);
    if (!values.quiet) {
      console.log(`  client UI:   ${sandbox.url}/   (add ?transport=xhr to use XMLHttpRequest)`);
      console.log(`  demo client: ${DEMO_CLIENT.email} / ${DEMO_CLIENT.password}`);
      console.log(`  outbox:      ${sandbox.url}/#/outbox   (SMS and email codes)`);
    }
    // Closing the server leaves nothing running: the process then ends by itself, with status 0.
    const stop = () => void sandbox.close();
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
    return 0;
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    console.error(`b2core-sandbox: could not listen on ${values.host}:${port}: ${reason}`);
    return 1;
  }
}

process.exitCode = await main();
