import { isLoopbackHost } from './loopback';

/** Granted by the manifest (`host_permissions`), so no prompt: http on the loopback host names. */
export function isManifestGranted(origin: string): boolean {
  try {
    const url = new URL(origin);
    return url.protocol === 'http:' && isLoopbackHost(url.hostname);
  } catch {
    return false;
  }
}

/** The host permission asked for an origin: the origin and any path (`permissions.request({origins})`). */
export const permissionPattern = (origin: string) => `${origin}/*`;
