/** Where a signed-in person lands by default: the web app's home. */
export const HOME = '/app/';

/** A path of this platform to return to after sign-in; anything else (another site, a scheme) is the home page. */
export function safeReturnTo(value: unknown): string {
  if (typeof value !== 'string' || value.length > 2000) return HOME;
  if (!/^\/(?![/\\])[^\s\\]*$/.test(value)) return HOME;
  try {
    const url = new URL(value, 'http://platform.invalid');
    return url.origin === 'http://platform.invalid' ? `${url.pathname}${url.search}${url.hash}` : HOME;
  } catch {
    return HOME;
  }
}
