/** Origins: which may be registered and filled, the loopback rule, and the host permission each needs. */
export { isManifestGranted, permissionPattern } from './host-permission';
export { isLoopbackHost, LOOPBACK_HOSTS, LOOPBACK_PATTERNS } from './loopback';
export { isSecureOrigin, originOf, parseSiteOrigin, type OriginProblem } from './site-origin';
