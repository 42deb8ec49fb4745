import { parseArgs } from 'node:util';
import { DEMO_CLIENT } from './domain/limits';
import { startSandbox } from './server';

/** `npm run sandbox -- --port N [--host H] [--quiet]`: prints the one line of b2core-api.md first. */
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
  process.exit(2);
}

try {
  const sandbox = await startSandbox({ port, host: values.host });
  console.log(`B2Core sandbox listening on ${sandbox.url}`);
  if (!values.quiet) {
    console.log(`  client UI:   ${sandbox.url}/   (add ?transport=xhr to use XMLHttpRequest)`);
    console.log(`  demo client: ${DEMO_CLIENT.email} / ${DEMO_CLIENT.password}`);
    console.log(`  outbox:      ${sandbox.url}/#/outbox   (SMS and email codes)`);
  }
  const stop = () => void sandbox.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
} catch (error) {
  const reason = error instanceof Error ? error.message : String(error);
  console.error(`b2core-sandbox: could not listen on ${values.host}:${port}: ${reason}`);
  process.exit(1);
}
