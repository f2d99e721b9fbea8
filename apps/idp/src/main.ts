// The embedded OpenID Connect provider of the demo (oidc-provider, a certified implementation): the
// seeded demo people and any other e-mail, no password. Production points the API at ProConnect or
// any standard provider instead (OIDC_ISSUER), and never runs this process.
import { createServer, IncomingMessage, ServerResponse } from 'node:http';
import { createHash } from 'node:crypto';
import Provider, { Configuration, KoaContextWithOIDC } from 'oidc-provider';
import { z } from 'zod';
import { DEMO_IDENTITIES, Identity, identityOf, isEmail } from './identities';
import { loginPage, logoutPage, messagePage } from './pages';

const env = z
  .object({
    IDP_PORT: z.coerce.number().int().min(1).max(65535).default(3001),
    IDP_HOST: z.string().min(1).default('127.0.0.1'),
    /** The issuer as the API and browsers reach it. */
    IDP_ISSUER: z.url().optional(),
    IDP_CLIENT_ID: z.string().min(1).default('grants-engine'),
    IDP_CLIENT_SECRET: z.string().min(16),
    /** The API's callback(s) and where it sends people after signing out, comma-separated. */
    IDP_REDIRECT_URIS: z.string().min(1),
    IDP_POST_LOGOUT_REDIRECT_URIS: z.string().default(''),
    /** Tests: any port of the loopback interface (each API they start has its own). */
    IDP_ALLOW_LOOPBACK_REDIRECTS: z.enum(['true', 'false']).default('false'),
    IDP_COOKIE_SECRET: z.string().min(16),
  })
  .parse(Object.fromEntries(Object.entries(process.env).filter(([, v]) => v !== undefined && v !== '')));

const issuer = env.IDP_ISSUER ?? `http://localhost:${env.IDP_PORT}`;
const people = new Map<string, Identity>();

const LOOPBACKS = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** With IDP_ALLOW_LOOPBACK_REDIRECTS, a registered URI matches the same URI on another loopback port. */
function sameButPort(value: string, registered: string[]): boolean {
  if (env.IDP_ALLOW_LOOPBACK_REDIRECTS !== 'true') return false;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return false;
  }
  if (url.protocol !== 'http:' || !LOOPBACKS.has(url.hostname)) return false;
  return registered.some((r) => {
    const allowed = new URL(r);
    return LOOPBACKS.has(allowed.hostname) && allowed.pathname === url.pathname && !url.search && !url.hash;
  });
}

const list = (text: string) =>
  text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

const configuration: Configuration = {
  clients: [
    {
      client_id: env.IDP_CLIENT_ID,
      client_secret: env.IDP_CLIENT_SECRET,
      client_name: 'Subventions politique de la ville',
      redirect_uris: list(env.IDP_REDIRECT_URIS),
      post_logout_redirect_uris: list(env.IDP_POST_LOGOUT_REDIRECT_URIS),
      grant_types: ['authorization_code'],
      response_types: ['code'],
      token_endpoint_auth_method: 'client_secret_post',
    },
  ],
  cookies: { keys: [createHash('sha256').update(env.IDP_COOKIE_SECRET).digest('hex')] },
  pkce: { required: () => true },
  claims: {
    openid: ['sub'],
    email: ['email', 'email_verified'],
    profile: ['name', 'given_name', 'family_name'],
  },
  features: {
    devInteractions: { enabled: false },
    rpInitiatedLogout: {
      enabled: true,
      logoutSource: async (ctx, form) => {
        ctx.body = logoutPage(form);
      },
      postLogoutSuccessSource: async (ctx) => {
        ctx.body = messagePage('Vous êtes déconnecté·e', 'Vous pouvez fermer cette page.');
      },
    },
  },
  interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
  async findAccount(_ctx, sub) {
    const person = people.get(sub);
    if (!person) return undefined;
    return {
      accountId: sub,
      async claims() {
        return {
          sub,
          email: person.email,
          email_verified: true,
          given_name: person.givenName,
          family_name: person.familyName,
          name: `${person.givenName} ${person.familyName}`,
        };
      },
    };
  },
  // A first-party client: consent is implied (the platform's own sign-in).
  async loadExistingGrant(ctx: KoaContextWithOIDC) {
    const session = ctx.oidc.session!;
    const clientId = ctx.oidc.client!.clientId;
    const grantId = ctx.oidc.result?.consent?.grantId ?? session.grantIdFor(clientId);
    if (grantId) {
      const existing = await ctx.oidc.provider.Grant.find(grantId);
      if (existing) return existing;
    }
    const grant = new ctx.oidc.provider.Grant({ clientId, accountId: session.accountId! });
    grant.addOIDCScope('openid email profile');
    await grant.save();
    return grant;
  },
  async renderError(ctx, out) {
    ctx.type = 'html';
    ctx.body = messagePage('Connexion impossible', `${out.error}: ${out.error_description ?? ''}`);
  },
};

const provider = new Provider(issuer, configuration);
provider.proxy = true;
const clientPrototype = provider.Client.prototype as unknown as {
  redirectUriAllowed(value: string): boolean;
  postLogoutRedirectUriAllowed(value: string): boolean;
  redirectUris: string[];
  postLogoutRedirectUris?: string[];
};
const redirectUriAllowed = clientPrototype.redirectUriAllowed;
const postLogoutRedirectUriAllowed = clientPrototype.postLogoutRedirectUriAllowed;
clientPrototype.redirectUriAllowed = function (value: string) {
  return redirectUriAllowed.call(this, value) || sameButPort(value, this.redirectUris);
};
clientPrototype.postLogoutRedirectUriAllowed = function (value: string) {
  return postLogoutRedirectUriAllowed.call(this, value) || sameButPort(value, this.postLogoutRedirectUris ?? []);
};

async function readForm(req: IncomingMessage): Promise<URLSearchParams> {
  let body = '';
  for await (const chunk of req) {
    body += chunk;
    if (body.length > 10_000) throw new Error('form too large');
  }
  return new URLSearchParams(body);
}

function send(res: ServerResponse, status: number, html: string): void {
  res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
  res.end(html);
}

/** The sign-in interaction: GET shows the people, POST signs one in. */
async function interaction(req: IncomingMessage, res: ServerResponse, uid: string, action: string | undefined): Promise<void> {
  const details = await provider.interactionDetails(req, res);
  if (details.uid !== uid) return send(res, 400, messagePage('Connexion impossible', 'Cette page de connexion a expiré : recommencez.'));
  const client = await provider.Client.find(String(details.params.client_id));
  const clientName = client?.clientName ?? 'la plateforme';
  if (req.method === 'GET' && !action) return send(res, 200, loginPage(uid, clientName));
  if (req.method === 'POST' && action === 'login') {
    const email = (await readForm(req)).get('email') ?? '';
    if (!isEmail(email)) return send(res, 400, loginPage(uid, clientName, 'Saisissez une adresse électronique valide, par exemple nom@exemple.fr.'));
    const identity = demoIdentity(email.trim().toLowerCase()) ?? identityOf(email);
    people.set(identity.subject, identity);
    await provider.interactionFinished(req, res, { login: { accountId: identity.subject } }, { mergeWithLastSubmission: false });
    return;
  }
  send(res, 404, messagePage('Page introuvable', "Cette page n'existe pas."));
}

function demoIdentity(email: string): Identity | undefined {
  return DEMO_IDENTITIES.find((d) => d.identity.email === email)?.identity;
}

const callback = provider.callback();
const server = createServer((req, res) => {
  const match = /^\/interaction\/([\w-]+)(?:\/(\w+))?$/.exec(req.url?.split('?')[0] ?? '');
  if (!match) {
    Promise.resolve(callback(req, res)).catch((error: unknown) => {
      if (!res.headersSent) send(res, 500, messagePage('Erreur', (error as Error).message));
    });
    return;
  }
  interaction(req, res, match[1], match[2]).catch((error: unknown) => {
    if (!res.headersSent) send(res, 400, messagePage('Connexion impossible', `La connexion a expiré ou a échoué : recommencez. (${(error as Error).message})`));
  });
});
server.listen(env.IDP_PORT, env.IDP_HOST, () => {
  console.log(`identity provider ready on ${issuer} (demo people: ${DEMO_IDENTITIES.length})`);
});
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => server.close(() => process.exit(0)));
