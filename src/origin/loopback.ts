/**
 * The loopback host names: the one list. Plain http is allowed on them (a sandbox or a broker's
 * test server on this machine; the traffic never leaves it), and the manifest holds their host
 * permission up front (wxt.config.ts builds `host_permissions` from this list), so registering
 * one asks nothing.
 */
export const LOOPBACK_HOSTS = ['localhost', '127.0.0.1', '[::1]'] as const;

/** `hostname` as `URL` gives it (IPv6 in brackets). */
export const isLoopbackHost = (hostname: string): boolean => (LOOPBACK_HOSTS as readonly string[]).includes(hostname);

/** The match patterns of the loopback hosts over http (manifest `host_permissions`, `webRequest` filter). */
export const LOOPBACK_PATTERNS: readonly string[] = LOOPBACK_HOSTS.map((host) => `http://${host}/*`);
