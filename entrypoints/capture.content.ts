import { observePage } from '@/src/capture/page-observer';

// MAIN world, registered at runtime for registered sites only (see src/worker/sites/content-registration.ts).
export default defineContentScript({
  matches: ['http://127.0.0.1/*'],
  registration: 'runtime',
  world: 'MAIN',
  runAt: 'document_start',
  main() {
    observePage(window);
  },
});
