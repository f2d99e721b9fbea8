/**
 * A browser without a screen, for the sign-in tests: cookies per host (as browsers keep them, ports
 * shared), redirects followed by hand so that each hop can be looked at, forms posted as a browser
 * posts them.
 */
export class CookieJar {
  private readonly hosts = new Map<string, Map<string, string>>();

  store(url: string, response: Response): void {
    const host = new URL(url).hostname;
    const jar = this.hosts.get(host) ?? new Map<string, string>();
    this.hosts.set(host, jar);
    for (const header of response.headers.getSetCookie()) {
      const [pair, ...attributes] = header.split(';').map((part) => part.trim());
      const at = pair.indexOf('=');
      const name = pair.slice(0, at);
      const value = pair.slice(at + 1);
      const expired = attributes.some((a) => /^max-age=0$/i.test(a) || (/^expires=/i.test(a) && Date.parse(a.slice(8)) < Date.now()));
      if (expired || value === '') jar.delete(name);
      else jar.set(name, value);
    }
  }

  header(url: string): string | undefined {
    const jar = this.hosts.get(new URL(url).hostname);
    if (!jar?.size) return undefined;
    return [...jar].map(([name, value]) => `${name}=${value}`).join('; ');
  }

  get(host: string, name: string): string | undefined {
    return this.hosts.get(host)?.get(name);
  }

  delete(host: string, name: string): void {
    this.hosts.get(host)?.delete(name);
  }
}

export interface Hop {
  url: string;
  status: number;
  location?: string;
  body: string;
}

export class Browser {
  readonly jar = new CookieJar();

  /** One request, cookies sent and kept; no redirect followed. */
  async fetch(url: string, init: { method?: string; headers?: Record<string, string>; form?: Record<string, string>; json?: unknown } = {}): Promise<Hop> {
    const headers: Record<string, string> = { accept: 'text/html,application/json', ...init.headers };
    const cookie = this.jar.header(url);
    if (cookie) headers.cookie = cookie;
    let body: string | undefined;
    if (init.form) {
      body = new URLSearchParams(init.form).toString();
      headers['content-type'] = 'application/x-www-form-urlencoded';
    } else if (init.json !== undefined) {
      body = JSON.stringify(init.json);
      headers['content-type'] = 'application/json';
    }
    const response = await fetch(url, { method: init.method ?? 'GET', headers, body, redirect: 'manual' });
    this.jar.store(url, response);
    const location = response.headers.get('location') ?? undefined;
    return { url, status: response.status, location: location ? new URL(location, url).href : undefined, body: await response.text() };
  }

  /** GETs, following redirects while `until` does not stop it (at most 15 hops); every hop returned. */
  async follow(url: string, until: (hop: Hop) => boolean = () => false): Promise<Hop[]> {
    const hops: Hop[] = [];
    let next: string | undefined = url;
    while (next && hops.length < 15) {
      const hop = await this.fetch(next);
      hops.push(hop);
      if (until(hop) || hop.status < 300 || hop.status >= 400) break;
      next = hop.location;
    }
    return hops;
  }

  async json<T = any>(url: string, init: Parameters<Browser['fetch']>[1] = {}): Promise<{ status: number; body: T }> {
    const hop = await this.fetch(url, { ...init, headers: { accept: 'application/json', ...init.headers } });
    let body: unknown = hop.body;
    try {
      body = hop.body ? JSON.parse(hop.body) : undefined;
    } catch {
      // not JSON
    }
    return { status: hop.status, body: body as T };
  }
}

/**
 * Signs in as a person with this e-mail through the API's /auth/login and the real embedded provider's
 * page, stopping before the API's callback unless `complete`. Returns the hops.
 */
export async function signIn(
  browser: Browser,
  apiUrl: string,
  email: string,
  options: { returnTo?: string; editAuthorizationUrl?: (url: URL) => void; complete?: boolean } = {},
): Promise<{ hops: Hop[]; callbackUrl: string; final?: Hop }> {
  const login = await browser.fetch(`${apiUrl}/auth/login${options.returnTo !== undefined ? `?returnTo=${encodeURIComponent(options.returnTo)}` : ''}`);
  if (login.status !== 302 || !login.location) throw new Error(`/auth/login answered ${login.status}: ${login.body}`);
  const authorization = new URL(login.location);
  options.editAuthorizationUrl?.(authorization);
  const toCallback = (hop: Hop) => hop.location?.startsWith(`${apiUrl}/auth/callback`) ?? false;
  const toLoginPage = await browser.follow(authorization.href, toCallback);
  const page = toLoginPage.at(-1)!;
  let hops = [login, ...toLoginPage];
  // Still signed in at the provider (an earlier sign-in of this browser): straight back.
  if (!toCallback(page)) {
    if (page.status !== 200 || !/\/interaction\/[\w-]+$/.test(page.url))
      throw new Error(`no sign-in page: ${page.status} ${page.url} ${page.body.slice(0, 300)}`);
    const posted = await browser.fetch(`${page.url}/login`, { method: 'POST', form: { email } });
    if (posted.status !== 303 && posted.status !== 302) throw new Error(`the provider refused the sign-in: ${posted.status} ${posted.body.slice(0, 300)}`);
    const back = await browser.follow(posted.location!, toCallback);
    hops = [...hops, posted, ...back];
  }
  const callbackUrl = hops.at(-1)?.location;
  if (!callbackUrl?.startsWith(`${apiUrl}/auth/callback`))
    throw new Error(`the provider did not send the browser back: ${JSON.stringify(hops.map((h) => [h.status, h.url]))}`);
  if (options.complete === false) return { hops, callbackUrl };
  const final = await browser.fetch(callbackUrl);
  return { hops: [...hops, final], callbackUrl, final };
}
