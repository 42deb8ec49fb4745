import { describe, expect, it } from 'vitest';
import { API_URL_PATTERNS } from '../../../src/network/seen-request';
import { isManifestGranted, isSecureOrigin, LOOPBACK_HOSTS, LOOPBACK_PATTERNS, originOf, parseSiteOrigin } from '../../../src/origin';

describe('parseSiteOrigin', () => {
  it.each([
    ['https://my.broker.example/cabinet/login?x=1#y', 'https://my.broker.example'],
    ['my.broker.example', 'https://my.broker.example'],
    ['HTTPS://My.Broker.Example:443', 'https://my.broker.example'],
    ['https://my.broker.example:8443/', 'https://my.broker.example:8443'],
    ['http://127.0.0.1:8787', 'http://127.0.0.1:8787'],
    ['http://localhost:3000/x', 'http://localhost:3000'],
    ['  https://xn--80ak6aa92e.com  ', 'https://xn--80ak6aa92e.com'],
  ])('%s → %s', (input, origin) => {
    expect(parseSiteOrigin(input)).toEqual({ ok: true, origin });
  });

  it.each([
    ['', 'not_a_url'],
    ['https://exa mple.com', 'not_a_url'],
    ['http://my.broker.example', 'insecure'],
    ['http://192.168.1.10:8787', 'insecure'],
    ['ftp://my.broker.example', 'not_http'],
    ['javascript:alert(1)', 'not_a_url'],
    ['https://user:pass@my.broker.example', 'has_credentials'],
  ])('%s is refused: %s', (input, problem) => {
    expect(parseSiteOrigin(input)).toEqual({ ok: false, problem });
  });
});

describe('isSecureOrigin and originOf', () => {
  it('accepts only exact origins over https, or http on loopback names', () => {
    expect(isSecureOrigin('https://a.example')).toBe(true);
    expect(isSecureOrigin('http://127.0.0.1:1')).toBe(true);
    expect(isSecureOrigin('http://[::1]:8080')).toBe(true);
    expect(isSecureOrigin('http://127.0.0.1.evil.example')).toBe(false);
    expect(isSecureOrigin('https://a.example/')).toBe(false);
    expect(isSecureOrigin('null')).toBe(false);
  });

  it('gives null for opaque origins', () => {
    expect(originOf('about:blank')).toBeNull();
    expect(originOf('data:text/html,hi')).toBeNull();
    expect(originOf(undefined)).toBeNull();
    expect(originOf('https://a.example:8443/x')).toBe('https://a.example:8443');
  });
});

describe('one loopback list', () => {
  it('every loopback host is secure over http, granted by the manifest, and in the manifest and webRequest patterns', () => {
    for (const host of LOOPBACK_HOSTS) {
      expect(isSecureOrigin(`http://${host}:8080`)).toBe(true);
      expect(isManifestGranted(`http://${host}:8080`)).toBe(true);
      expect(LOOPBACK_PATTERNS).toContain(`http://${host}/*`);
      expect(API_URL_PATTERNS).toContain(`http://${host}/*`);
    }
    expect(isManifestGranted('http://192.168.1.10')).toBe(false);
    expect(isManifestGranted('https://localhost')).toBe(false);
    expect(isSecureOrigin('http://localhost.evil.example')).toBe(false);
  });
});
