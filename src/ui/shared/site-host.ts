/**
 * The host people recognise a site by (`new URL(origin).host`: the name, plus the port when it is not
 * the default), or the origin itself if it does not parse.
 */
export function siteHost(origin: string): string {
  try {
    return new URL(origin).host || origin;
  } catch {
    return origin;
  }
}
