/**
 * `device_fingerprint` of `POST signin` ([doc] in docs/b2core-api.md): base64 of a JSON object that
 * contains `user_agent`. Built with TextEncoder and btoa, which every extension context has.
 */
export interface DeviceInfo {
  userAgent: string;
}

export function encodeDeviceFingerprint(device: DeviceInfo): string {
  const bytes = new TextEncoder().encode(JSON.stringify({ user_agent: device.userAgent }));
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}
