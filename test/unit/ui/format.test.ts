import { describe, expect, it } from 'vitest';
import { codePlaceholder, formatCode, siteHost } from '../../../src/ui';
import { hueOf, initialOf } from '../../../src/ui/popup/avatar';

describe('how things are shown', () => {
  it('groups codes in two: 6 → 3+3, 7 → 3+4, 8 → 4+4; placeholders keep the width', () => {
    expect(formatCode('123456')).toBe('123 456');
    expect(formatCode('1234567')).toBe('123 4567');
    expect(formatCode('12345678')).toBe('1234 5678');
    expect(codePlaceholder(6)).toHaveLength('123 456'.length);
    expect(codePlaceholder(8)).toHaveLength('1234 5678'.length);
  });

  it('names a site by its host (port kept when not the default)', () => {
    expect(siteHost('https://my.broker.example')).toBe('my.broker.example');
    expect(siteHost('https://my.broker.example:8443')).toBe('my.broker.example:8443');
    expect(siteHost('http://127.0.0.1:8787')).toBe('127.0.0.1:8787');
    expect(siteHost('not a url')).toBe('not a url');
  });

  it('gives a site the initial of its name and a stable colour', () => {
    expect(initialOf('my.alpha-markets.com')).toBe('A');
    expect(initialOf('cabinet.northwind.fx')).toBe('N');
    expect(initialOf('my.orbitcapital.com:8443')).toBe('O');
    expect(initialOf('localhost:3000')).toBe('L');
    expect(initialOf('127.0.0.1:8787')).toBe('1');
    expect(hueOf('my.alpha-markets.com')).toBe(hueOf('my.alpha-markets.com'));
    expect(hueOf('a.example')).toBeGreaterThanOrEqual(0);
    expect(hueOf('a.example')).toBeLessThan(360);
  });
});
