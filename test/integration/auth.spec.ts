import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { JwtService } from '@nestjs/jwt';
import { Browser, signIn } from '../support/browser';
import { JWT_SECRET } from '../support/env';
import { TestStack } from '../support/stack';

/**
 * Sign-in as people really sign in: the authorization code flow against the real embedded provider
 * (oidc-provider) that `npm test` started, browser sessions in PostgreSQL, accounts carrying the
 * authority, API keys, and development tokens checked against the accounts.
 */
const stack = new TestStack();
const admin = () => stack.token({ role: 'admin', sub: 'admin-demo' });

beforeAll(async () => {
  await stack.start({ worker: false });
});

afterAll(async () => {
  if (process.env.SHOW_API_LOG) console.log(stack.api?.log);
  await stack.stop();
});

const fresh = (label: string) => `${label}.${randomUUID().slice(0, 8)}@asso-exemple.fr`;

/** A person signed in through the whole flow; their browser, with its session cookie. */
async function signedIn(email: string, returnTo?: string): Promise<{ browser: Browser; location: string | undefined }> {
  const browser = new Browser();
  const { final } = await signIn(browser, stack.baseUrl, email, { returnTo });
  expect(final?.status).toBe(303);
  return { browser, location: final?.location };
}

const sameOrigin = () => ({ origin: stack.baseUrl });

async function authEvents(accountId: string): Promise<{ type: string; ip: string | null; actorId: string | null }[]> {
  const response = await stack.request('GET', `/accounts/events?accountId=${accountId}&pageSize=100`, {
    token: stack.token({ role: 'auditor', sub: 'auditor-demo' }),
  });
  expect(response.status).toBe(200);
  return response.body.items;
}

describe('sign-in through the OpenID Connect provider', () => {
  it('runs the authorization code flow (PKCE S256, state, nonce) to a session that /auth/me describes', async () => {
    const browser = new Browser();
    const { hops, final } = await signIn(browser, stack.baseUrl, 'dsu.plaine-commune@demo.grants.local', { returnTo: '/app/micro-grants?tab=pending' });
    const authorization = new URL(hops[0].location!);
    expect(authorization.searchParams.get('code_challenge_method')).toBe('S256');
    expect(authorization.searchParams.get('code_challenge')).toMatch(/^[\w-]{43}$/);
    expect(authorization.searchParams.get('state')).toBeTruthy();
    expect(authorization.searchParams.get('nonce')).toBeTruthy();
    expect(authorization.searchParams.get('redirect_uri')).toBe(`${stack.baseUrl}/auth/callback`);
    // The provider's page lists the demo people.
    expect(hops.find((h) => h.status === 200)?.body).toContain('Cheffe de projet DSU, Plaine Commune');
    expect(final).toMatchObject({ status: 303, location: `${stack.baseUrl}/app/micro-grants?tab=pending` });
    const cookie = (await fetch(`${stack.baseUrl}/health`)).headers.getSetCookie();
    expect(cookie).toEqual([]); // no session handed out without sign-in
    const me = await browser.json(`${stack.baseUrl}/auth/me`);
    expect(me).toMatchObject({
      status: 200,
      body: {
        accountId: 'pl-plaine-commune',
        role: 'project_lead',
        territory: { id: 'plaine-commune', name: 'Plaine Commune' },
        organisation: null,
        email: 'dsu.plaine-commune@demo.grants.local',
        language: 'fr',
        via: 'session',
      },
    });
    expect(me.body.identity.issuer).toBe(process.env.OIDC_ISSUER);
    // The session carries the account's authority: the territory's grants, not the admin's pages.
    expect((await browser.json(`${stack.baseUrl}/grants`)).status).toBe(200);
    expect((await browser.json(`${stack.baseUrl}/accounts`)).status).toBe(403);
  });

  it('sets an httpOnly, SameSite=Lax session cookie, a new one at every sign-in', async () => {
    const browser = new Browser();
    await signIn(browser, stack.baseUrl, 'contact@assoc-francs-moisins.demo.grants.local', { complete: false });
    const before = browser.jar.get('127.0.0.1', 'grants.sid'); // the pending sign-in's session
    const { callbackUrl } = await signIn(browser, stack.baseUrl, 'contact@assoc-francs-moisins.demo.grants.local', { complete: false });
    const response = await fetch(callbackUrl, { redirect: 'manual', headers: { cookie: browser.jar.header(callbackUrl)! } });
    expect(response.status).toBe(303);
    const setCookie = response.headers.getSetCookie().find((c) => c.startsWith('grants.sid='))!;
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Lax/i);
    expect(setCookie).not.toMatch(/Secure/i); // PUBLIC_URL is http here; https makes it Secure
    expect(setCookie.split(';')[0].slice('grants.sid='.length)).not.toBe(before);
  });

  it('sends a returnTo that points elsewhere to the home page (no open redirect)', async () => {
    for (const returnTo of ['https://evil.example/phish', '//evil.example/x', '/\\evil.example', 'javascript:alert(1)']) {
      const { location } = await signedIn('contact@assoc-francs-moisins.demo.grants.local', returnTo);
      expect(location).toBe(`${stack.baseUrl}/app/`);
    }
  });

  it('refuses a callback with a wrong state, a replayed code or a bad nonce with 400 and no session', async () => {
    const email = 'contact@assoc-bondy-culture.demo.grants.local';
    // Wrong state.
    const browser = new Browser();
    const { callbackUrl } = await signIn(browser, stack.baseUrl, email, { complete: false });
    const forged = new URL(callbackUrl);
    forged.searchParams.set('state', 'not-the-state');
    const wrongState = await browser.json(forged.href);
    expect(wrongState.status).toBe(400);
    expect(wrongState.body.message).toMatch(/unknown, expired or already used/);
    expect((await browser.json(`${stack.baseUrl}/auth/me`)).status).toBe(401);

    // The right callback once; the same code again with a new sign-in's state: the provider refuses it.
    const used = await browser.fetch(callbackUrl);
    expect(used.status).toBe(303);
    const again = await browser.json(callbackUrl);
    expect(again.status).toBe(400); // its state is spent
    const other = new Browser();
    const second = await signIn(other, stack.baseUrl, email, { complete: false });
    const replay = new URL(second.callbackUrl);
    replay.searchParams.set('code', new URL(callbackUrl).searchParams.get('code')!);
    const replayed = await other.json(replay.href);
    expect(replayed.status).toBe(400);
    expect(replayed.body.message).toMatch(/refused|not valid/);
    expect((await other.json(`${stack.baseUrl}/auth/me`)).status).toBe(401);

    // A nonce changed on the way to the provider: the ID token does not carry ours.
    const third = new Browser();
    const tampered = await signIn(third, stack.baseUrl, email, {
      editAuthorizationUrl: (url) => url.searchParams.set('nonce', 'attacker-nonce'),
      complete: false,
    });
    const badNonce = await third.json(tampered.callbackUrl);
    expect(badNonce.status).toBe(400);
    expect(badNonce.body.message).toMatch(/nonce/);
    expect((await third.json(`${stack.baseUrl}/auth/me`)).status).toBe(401);
  });

  it('lets an identity with no account sign in to no role at all', async () => {
    const email = fresh('inconnu');
    const { browser, location } = await signedIn(email, '/app/micro-grants');
    expect(location).toBe(`${stack.baseUrl}/auth/no-account`);
    const page = await browser.fetch(location!);
    expect(page.status).toBe(200);
    expect(page.body).toContain('Aucun compte n’est associé à votre identité');
    expect(page.body).toContain(email);
    const me = await browser.json(`${stack.baseUrl}/auth/me`);
    expect(me).toMatchObject({ status: 200, body: { accountId: null, role: null, email, organisation: null, territory: null } });
    const grants = await browser.json(`${stack.baseUrl}/grants`);
    expect(grants.status).toBe(403);
    expect(grants.body.message).toMatch(/no account/);
    const events = await stack.request('GET', `/accounts/events?type=sign_in&pageSize=100`, { token: admin() });
    expect(events.body.items.some((e: { detail: { email?: string; reason?: string } }) => e.detail.email === email && e.detail.reason === 'no account')).toBe(
      true,
    );
  });

  it('links an invited e-mail at its first sign-in, and a disabled account loses its session and its API key at once', async () => {
    const email = fresh('tresorerie');
    const invited = await stack.request('POST', '/accounts/invitations', {
      token: admin(),
      body: { email: email.toUpperCase(), role: 'association', organisationId: 'assoc-jardins-montreuil', displayName: 'Trésorerie des Jardins' },
    });
    expect(invited).toMatchObject({
      status: 201,
      body: { email, role: 'association', organisationId: 'assoc-jardins-montreuil', status: 'invited', linked: false },
    });
    const id = invited.body.id;
    expect((await stack.request('POST', '/accounts/invitations', { token: admin(), body: { email, role: 'auditor' } })).status).toBe(409);

    const { browser } = await signedIn(email);
    const me = await browser.json(`${stack.baseUrl}/auth/me`);
    expect(me.body).toMatchObject({ accountId: id, role: 'association', organisation: { id: 'assoc-jardins-montreuil', name: expect.any(String) } });
    const account = await stack.request('GET', `/accounts/${id}`, { token: admin() });
    expect(account.body).toMatchObject({ status: 'active', linked: true, lastSignInAt: expect.any(String) });

    // The person makes a key for their association's information system, from the session.
    const created = await browser.json(`${stack.baseUrl}/me/api-keys`, {
      method: 'POST',
      headers: sameOrigin(),
      json: { name: 'Tableur de suivi', scope: 'read_write', expiresInDays: 30 },
    });
    expect(created.status).toBe(201);
    const key: string = created.body.key;
    expect(key).toMatch(/^gk_[0-9a-f]{16}_[A-Za-z0-9_-]{43}$/);
    const secret = key.slice('gk_'.length + 16 + 1); // base64url: it may itself contain '_'
    const listed = await browser.json(`${stack.baseUrl}/me/api-keys`);
    expect(listed.body).toHaveLength(1);
    expect(JSON.stringify(listed.body)).not.toContain(secret); // shown once, stored hashed
    const [{ secret_hash: stored }] = await stack.db.query('SELECT secret_hash FROM api_keys WHERE id = $1', [created.body.id]);
    expect(stored).not.toContain(secret);
    expect((await stack.request('GET', '/grants', { headers: { authorization: `Bearer ${key}` } })).status).toBe(200);

    const disabled = await stack.request('POST', `/accounts/${id}/disable`, { token: admin() });
    expect(disabled).toMatchObject({ status: 200, body: { status: 'disabled' } });
    expect((await browser.json(`${stack.baseUrl}/auth/me`)).status).toBe(401);
    expect((await stack.request('GET', '/grants', { headers: { authorization: `Bearer ${key}` } })).status).toBe(401);
    // Signing in again does not open a session.
    const again = new Browser();
    const refused = await signIn(again, stack.baseUrl, email);
    expect(refused.final?.status).toBe(403);
    expect((await again.json(`${stack.baseUrl}/auth/me`)).status).toBe(401);

    // Everything was recorded: who, when, from which address.
    const events = await authEvents(id);
    const types = events.map((e) => e.type);
    for (const type of ['account_invited', 'identity_linked', 'sign_in', 'api_key_created', 'account_disabled', 'sign_in_failed'])
      expect(types).toContain(type);
    expect(events.find((e) => e.type === 'sign_in')?.ip).toMatch(/127\.0\.0\.1/);
    expect(events.find((e) => e.type === 'account_disabled')?.actorId).toBe('admin-demo');
  });

  it('refuses a state-changing request carried by the session cookie from another origin, and does nothing', async () => {
    const { browser } = await signedIn('subventions@funder-caf-93.demo.grants.local');
    const keys = async () => Number((await stack.db.query(`SELECT count(*)::int AS n FROM api_keys WHERE account_id = 'user-funder-caf-93'`))[0].n);
    const before = await keys();
    const body = { name: 'Import', scope: 'read' };
    const crossSite = await browser.json(`${stack.baseUrl}/me/api-keys`, { method: 'POST', headers: { origin: 'https://evil.example' }, json: body });
    expect(crossSite.status).toBe(403);
    expect(crossSite.body.message).toMatch(/cross-site/);
    const noOrigin = await browser.json(`${stack.baseUrl}/me/api-keys`, { method: 'POST', json: body });
    expect(noOrigin.status).toBe(403);
    expect(await keys()).toBe(before);
    const sameSite = await browser.json(`${stack.baseUrl}/me/api-keys`, { method: 'POST', headers: sameOrigin(), json: body });
    expect(sameSite.status).toBe(201);
    expect(await keys()).toBe(before + 1);
  });

  it('signs out here and at the provider', async () => {
    const { browser } = await signedIn('audit@demo.grants.local');
    expect((await browser.json(`${stack.baseUrl}/auth/me`)).body.role).toBe('auditor');
    const out = await browser.json(`${stack.baseUrl}/auth/logout`, { method: 'POST', headers: sameOrigin() });
    expect(out.status).toBe(200);
    expect(out.body.signedOut).toBe(true);
    const providerLogout = new URL(out.body.providerLogoutUrl);
    expect(providerLogout.origin).toBe(new URL(process.env.OIDC_ISSUER!).origin);
    expect(providerLogout.searchParams.get('id_token_hint')).toBeTruthy();
    expect((await browser.json(`${stack.baseUrl}/auth/me`)).status).toBe(401);
    const confirm = await browser.fetch(providerLogout.href);
    expect(confirm.status).toBe(200);
    expect(confirm.body).toContain('Se déconnecter');
    const events = await authEvents('auditor-demo');
    expect(events.map((e) => e.type)).toContain('sign_out');
  });
});

describe('accounts carry the authority', () => {
  it('lets an admin list accounts and change a role and its scope; the change applies at once', async () => {
    const email = fresh('changement');
    const invited = await stack.request('POST', '/accounts/invitations', {
      token: admin(),
      body: { email, role: 'project_lead', territoryId: 'est-ensemble' },
    });
    expect(invited.status).toBe(201);
    const id = invited.body.id;
    const { browser } = await signedIn(email);
    expect((await browser.json(`${stack.baseUrl}/auth/me`)).body.territory.id).toBe('est-ensemble');

    const missingScope = await stack.request('PATCH', `/accounts/${id}`, { token: admin(), body: { role: 'funder' } });
    expect(missingScope.status).toBe(400);
    expect(missingScope.body.message).toMatch(/organisation/);
    const unknown = await stack.request('PATCH', `/accounts/${id}`, { token: admin(), body: { role: 'funder', organisationId: 'funder-nobody' } });
    expect(unknown.status).toBe(400);
    const changed = await stack.request('PATCH', `/accounts/${id}`, { token: admin(), body: { role: 'funder', organisationId: 'funder-caf-93' } });
    expect(changed).toMatchObject({ status: 200, body: { role: 'funder', organisationId: 'funder-caf-93', territoryId: null } });
    // Its authority changed: its session ended, and the next one carries the new role.
    expect((await browser.json(`${stack.baseUrl}/auth/me`)).status).toBe(401);
    const next = await signedIn(email);
    expect((await next.browser.json(`${stack.baseUrl}/auth/me`)).body).toMatchObject({ role: 'funder', organisation: { id: 'funder-caf-93' } });

    const listed = await stack.request('GET', `/accounts?search=${encodeURIComponent(email)}`, { token: admin() });
    expect(listed.body).toMatchObject({ total: 1, items: [{ id, role: 'funder', linked: true }] });
    const forbidden = await stack.request('GET', '/accounts', { token: stack.token({ role: 'auditor', sub: 'auditor-demo' }) });
    expect(forbidden.status).toBe(403);
    expect((await stack.request('POST', `/accounts/admin-demo/disable`, { token: admin() })).status).toBe(409); // not yourself
  });

  it('refuses a development token whose claims contradict its account, and one for no account', async () => {
    const contradicting = await stack.request('GET', '/grants', { token: stack.token({ sub: 'user-assoc-francs-moisins', role: 'admin' }) });
    expect(contradicting.status).toBe(401);
    expect(contradicting.body.message).toMatch(/disagree with account user-assoc-francs-moisins/);
    const otherOrg = await stack.request('GET', '/grants', {
      token: stack.token({ sub: 'user-assoc-francs-moisins', role: 'association', org: 'assoc-bondy-culture' }),
    });
    expect(otherOrg.status).toBe(401);
    const jwt = new JwtService({ secret: JWT_SECRET() });
    const noAccount = jwt.sign(
      { sub: 'nobody-here', role: 'admin' },
      { algorithm: 'HS256', issuer: 'grants-engine', audience: 'grants-engine-api', expiresIn: 600 },
    );
    expect((await stack.request('GET', '/grants', { headers: { authorization: `Bearer ${noAccount}` } })).status).toBe(401);
  });

  it('refuses forged, expired, exp-less, wrong-issuer and wrong-audience tokens with 401', async () => {
    const claims = { sub: 'admin-demo', role: 'admin' };
    const jwt = new JwtService({ secret: JWT_SECRET() });
    const tokens = {
      forged: new JwtService({ secret: 'x'.repeat(64) }).sign(claims, {
        algorithm: 'HS256',
        issuer: 'grants-engine',
        audience: 'grants-engine-api',
        expiresIn: 600,
      }),
      expired: jwt.sign({ ...claims, exp: Math.floor(Date.now() / 1000) - 60 }, { algorithm: 'HS256', issuer: 'grants-engine', audience: 'grants-engine-api' }),
      withoutExp: jwt.sign(claims, { algorithm: 'HS256', issuer: 'grants-engine', audience: 'grants-engine-api' }),
      wrongIssuer: jwt.sign(claims, { algorithm: 'HS256', issuer: 'someone-else', audience: 'grants-engine-api', expiresIn: 600 }),
      wrongAudience: jwt.sign(claims, { algorithm: 'HS256', issuer: 'grants-engine', audience: 'another-api', expiresIn: 600 }),
    };
    for (const [name, token] of Object.entries(tokens)) {
      const response = await stack.request('GET', '/grants', { headers: { authorization: `Bearer ${token}` } });
      expect({ name, status: response.status }).toEqual({ name, status: 401 });
    }
    const good = jwt.sign(claims, { algorithm: 'HS256', issuer: 'grants-engine', audience: 'grants-engine-api', expiresIn: 600 });
    expect((await stack.request('GET', '/grants', { headers: { authorization: `Bearer ${good}` } })).status).toBe(200);
  });

  it('lets an API key read but not write when its scope is read, and stops a revoked key', async () => {
    const funder = stack.token({ role: 'funder', org: 'funder-caf-93', sub: 'user-funder-caf-93' });
    const created = await stack.request('POST', '/me/api-keys', { token: funder, body: { name: 'SI CAF', scope: 'read', expiresInDays: 365 } });
    expect(created.status).toBe(201);
    const key = { authorization: `Bearer ${created.body.key}` };
    expect((await stack.request('GET', '/grants', { headers: key })).status).toBe(200);
    const me = await stack.request('GET', '/auth/me', { headers: key });
    expect(me.body).toMatchObject({ accountId: 'user-funder-caf-93', role: 'funder', via: 'api_key' });
    const write = await stack.request('POST', '/webhooks', { headers: key, body: { url: 'https://example.org/hook', eventTypes: ['PaymentOrdered'] } });
    expect(write.status).toBe(403);
    expect(write.body.message).toMatch(/only reads/);
    expect((await stack.request('POST', '/me/api-keys', { headers: key, body: { name: 'x', scope: 'read' } })).status).toBe(403);
    expect((await stack.request('POST', '/me/api-keys', { token: funder, body: { name: 'too long', scope: 'read', expiresInDays: 400 } })).status).toBe(400);
    // Another account cannot revoke it; its owner can, and it stops at once.
    expect(
      (
        await stack.request('DELETE', `/me/api-keys/${created.body.id}`, {
          token: stack.token({ role: 'funder', org: 'funder-etat-93', sub: 'user-funder-etat-93' }),
        })
      ).status,
    ).toBe(404);
    expect((await stack.request('DELETE', `/me/api-keys/${created.body.id}`, { token: funder })).status).toBe(200);
    expect((await stack.request('GET', '/grants', { headers: key })).status).toBe(401);
    expect(
      (await stack.request('GET', '/grants', { headers: { authorization: 'Bearer gk_0123456789abcdef_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' } })).status,
    ).toBe(401);
  });

  it('npm run token refuses to run with NODE_ENV=production', () => {
    const result = spawnSync(process.execPath, [join(__dirname, '../../scripts/token.mjs'), '--role', 'admin'], {
      env: { ...process.env, NODE_ENV: 'production' },
      encoding: 'utf8',
    });
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/does not run with NODE_ENV=production/);
    const dev = spawnSync(process.execPath, [join(__dirname, '../../scripts/token.mjs'), '--role', 'admin'], {
      env: { ...process.env, NODE_ENV: 'development' },
      encoding: 'utf8',
    });
    expect(dev.status).toBe(0);
    const [, payload] = dev.stdout.trim().split('.');
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
    expect(claims.exp - claims.iat).toBe(12 * 3600);
  });
});

describe('session lifetimes and an unreachable provider', () => {
  const short = new TestStack({ SESSION_IDLE_TIMEOUT: '3s', SESSION_MAX_AGE: '5s' });
  const down = new TestStack({ OIDC_ISSUER: 'http://127.0.0.1:9/' });

  beforeAll(async () => {
    await Promise.all([short.start({ worker: false }), down.start({ worker: false })]);
  });

  afterAll(async () => {
    await Promise.all([short.stop(), down.stop()]);
  });

  it('ends a session after the idle timeout, and after its absolute lifetime even when in use', async () => {
    const idle = new Browser();
    await signIn(idle, short.baseUrl, 'contact@assoc-francs-moisins.demo.grants.local');
    expect((await idle.json(`${short.baseUrl}/auth/me`)).status).toBe(200);
    await new Promise((r) => setTimeout(r, 4_000));
    expect((await idle.json(`${short.baseUrl}/auth/me`)).status).toBe(401);

    const busy = new Browser();
    await signIn(busy, short.baseUrl, 'contact@assoc-francs-moisins.demo.grants.local');
    const started = Date.now();
    while (Date.now() - started < 4_000) {
      expect((await busy.json(`${short.baseUrl}/auth/me`)).status).toBe(200);
      await new Promise((r) => setTimeout(r, 1_000));
    }
    await new Promise((r) => setTimeout(r, Math.max(0, 5_500 - (Date.now() - started))));
    const ended = await busy.json(`${short.baseUrl}/auth/me`);
    expect(ended.status).toBe(401);
    expect(ended.body.message).toMatch(/session has ended/);
  });

  it('stops a disabled account and a revoked key at once on every API process, not only the one that changed them', async () => {
    // Two API processes on the same PostgreSQL: `stack` (where the admin acts) and `short`.
    const person = stack.token({ role: 'association', org: 'assoc-bondy-culture', sub: `acc-two-processes-${Date.now()}` });
    await stack.ensureAccounts();
    const id = JSON.parse(Buffer.from(person.split('.')[1], 'base64url').toString()).sub as string;
    expect((await short.request('GET', '/grants', { token: person })).status).toBe(200); // now in short's cache
    const created = await stack.request('POST', '/me/api-keys', { token: person, body: { name: 'SI', scope: 'read' } });
    const key = { authorization: `Bearer ${created.body.key}` };
    expect((await short.request('GET', '/grants', { headers: key })).status).toBe(200); // the key in short's cache too

    expect((await stack.request('DELETE', `/me/api-keys/${created.body.id}`, { token: person })).status).toBe(200);
    const revokedAt = Date.now();
    const afterRevoke = await short.eventually(
      () => short.request('GET', '/grants', { headers: key }),
      (r) => r.status === 401,
      5_000,
    );
    expect(afterRevoke.status).toBe(401);
    expect(Date.now() - revokedAt).toBeLessThan(5_000); // well within the caches' 15 s

    expect((await stack.request('POST', `/accounts/${id}/disable`, { token: admin() })).status).toBe(200);
    const disabledAt = Date.now();
    await short.eventually(
      () => short.request('GET', '/grants', { token: person }),
      (r) => r.status === 401,
      5_000,
    );
    expect(Date.now() - disabledAt).toBeLessThan(5_000);
  });

  it('answers 503 at /auth/login when the provider is down, and bearer clients are not affected', async () => {
    const login = await new Browser().json(`${down.baseUrl}/auth/login`);
    expect(login.status).toBe(503);
    expect(login.body.message).toBe('the sign-in provider cannot be reached: try again in a moment');
    expect((await down.request('GET', '/grants', { token: down.token({ role: 'auditor', sub: 'auditor-demo' }) })).status).toBe(200);
  });
});

describe('rate limits', () => {
  const limited = new TestStack({ RATE_LIMIT_READS: '5', RATE_LIMIT_WRITES: '3' });
  beforeAll(() => limited.start({ worker: false }));
  afterAll(() => limited.stop());

  it('answers 429 with Retry-After beyond the writes or the reads of an account per minute, each counted apart and per account', async () => {
    const someone = limited.token({ role: 'association', org: 'assoc-francs-moisins' });
    const write = () => limited.request('PUT', '/me/preferences', { token: someone, body: { channels: 'both', dailyDigest: false, language: 'fr' } });
    const writes = [];
    for (let i = 0; i < 4; i++) writes.push(await write());
    expect(writes.map((r) => r.status)).toEqual([200, 200, 200, 429]);
    expect(writes[3].body).toMatchObject({ statusCode: 429, error: 'rate_limited', message: expect.stringMatching(/too many changes: at most 3 a minute/) });
    const raw = await fetch(`${limited.baseUrl}/me/preferences`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${someone}`, 'content-type': 'application/json' },
      body: JSON.stringify({ channels: 'both', dailyDigest: false, language: 'fr' }),
    });
    expect(raw.status).toBe(429);
    expect(Number(raw.headers.get('retry-after'))).toBeGreaterThan(0);
    // Reads are counted apart: the same account still reads, up to its own limit.
    const reads = [];
    for (let i = 0; i < 6; i++) reads.push((await limited.request('GET', '/me/preferences', { token: someone })).status);
    expect(reads).toEqual([200, 200, 200, 200, 200, 429]);
    // Another account is not held back by this one.
    const other = limited.token({ role: 'association', org: 'assoc-bondy-culture' });
    expect((await limited.request('GET', '/me/preferences', { token: other })).status).toBe(200);
    expect((await limited.request('PUT', '/me/preferences', { token: other, body: { channels: 'both', dailyDigest: false, language: 'fr' } })).status).toBe(
      200,
    );
  });
});
