import type { HandlerGroup } from './services';
import { notBuilt } from './not-built';

/** Backup export (encrypted JSON or plain otpauth list) and import (merged, never duplicated). */
export const backupHandlers: HandlerGroup<'backup/export' | 'backup/import'> = () => ({
  'backup/export': notBuilt,
  'backup/import': notBuilt,
});
