/** A site's avatar in the popup's rows: its letter and its colour (the Preact rows and the first paint share them). */

/**
 * The letter that stands for a site: the initial of its name rather than of a common prefix
 * (my.alpha-broker.com → A), the label before the top-level domain; a host without one (localhost,
 * an address) keeps its first character.
 */
export function initialOf(host: string): string {
  const name = host.replace(/:\d+$/, '');
  const labels = name.split('.');
  const isAddress = /^[\d.]+$/.test(name) || name.startsWith('[');
  const main = !isAddress && labels.length >= 2 ? labels[labels.length - 2]! : name;
  // A URL host is ASCII (an international name comes as punycode): no Unicode classes, cheap when cold.
  return (main.match(/[a-z0-9]/i)?.[0] ?? '?').toUpperCase();
}

/** A stable hue per host, so a site keeps its colour from one day to the next. */
export function hueOf(host: string): number {
  let hash = 0;
  for (let i = 0; i < host.length; i++) hash = (hash * 31 + host.charCodeAt(i)) >>> 0;
  return hash % 360;
}
