import { Controller, Get, HttpCode, Post, Query, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiQuery, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { DomainError } from '@grants/domain';
import { AuthEventsRepository, PreferencesRepository } from '@grants/persistence';
import { AccountsService } from '../accounts/accounts.service';
import { AllowWithoutAccount, AuthenticatedRequest, Public } from '../common/auth';
import { MeDto, LogoutDto } from './auth.dto';
import { OidcService, PendingSignIn, SignInRefused } from './oidc.service';
import { HOME, safeReturnTo } from './return-to';
import { SESSION_COOKIE } from './session';
import { noAccountPage } from './pages';

/** Sign-ins not finished within this time are forgotten. */
const PENDING_TTL_MS = 10 * 60_000;
const MAX_PENDING = 5;

function promisify(run: (done: (error?: unknown) => void) => void): Promise<void> {
  return new Promise((resolve, reject) => run((error) => (error ? reject(error) : resolve())));
}

/** Sign-in through the OpenID Connect provider, browser sessions, sign-out, and who am I. */
@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(
    private readonly oidc: OidcService,
    private readonly accounts: AccountsService,
    private readonly events: AuthEventsRepository,
    private readonly preferences: PreferencesRepository,
  ) {}

  @Get('login')
  @Public()
  @ApiOperation({ summary: 'Sends the browser to the sign-in provider (authorization code flow with PKCE)' })
  @ApiQuery({ name: 'returnTo', required: false, description: 'a path of this platform to come back to (default /app/)' })
  @ApiResponse({ status: 302, description: "to the provider's sign-in page" })
  @ApiResponse({ status: 400, description: "an Authorization header: a sign-in is a browser's, with no API key or token" })
  @ApiResponse({ status: 503, description: 'sign-in not configured, or the provider cannot be reached' })
  async login(@Req() request: Request, @Res() response: Response, @Query('returnTo') returnTo?: string): Promise<void> {
    // A request carrying an Authorization header has no browser session to keep the sign-in in.
    if (!request.session) throw new DomainError('validation', 'a sign-in happens in a browser: call /auth/login without an Authorization header');
    const { url, pending } = await this.oidc.start(safeReturnTo(returnTo));
    const now = Date.now();
    const kept = Object.values(request.session.pending ?? {})
      .filter((p) => p.startedAt + PENDING_TTL_MS > now)
      .slice(-(MAX_PENDING - 1));
    request.session.pending = Object.fromEntries([...kept, pending].map((p) => [p.state, p]));
    await promisify((done) => request.session.save(done));
    response.redirect(302, url);
  }

  @Get('callback')
  @Public()
  @ApiOperation({ summary: 'Where the provider sends the browser back: checks state, nonce and PKCE, then opens a session' })
  @ApiResponse({ status: 303, description: 'signed in: to the page asked for' })
  @ApiResponse({ status: 400, description: 'unknown or reused state, refused code, bad nonce: no session' })
  @ApiResponse({ status: 403, description: 'the account is disabled' })
  async callback(@Req() request: Request, @Res() response: Response, @Query() query: Record<string, unknown>): Promise<void> {
    const ip = request.ip ?? null;
    const state = typeof query.state === 'string' ? query.state : '';
    const pending: PendingSignIn | undefined = request.session?.pending?.[state];
    if (!pending || pending.startedAt + PENDING_TTL_MS <= Date.now()) {
      await this.events.record({ type: 'sign_in_failed', accountId: null, actorId: null, ip, detail: { reason: 'unknown state' } });
      throw new DomainError('validation', 'this sign-in is unknown, expired or already used: start again from the sign-in page');
    }
    delete request.session.pending![state];
    await promisify((done) => request.session.save(done));
    let signedIn;
    try {
      signedIn = await this.oidc.finish(request.originalUrl, pending);
    } catch (error) {
      if (!(error instanceof SignInRefused)) throw error;
      await this.events.record({ type: 'sign_in_failed', accountId: null, actorId: null, ip, detail: { reason: error.message } });
      throw new DomainError('validation', error.message);
    }
    const { identity, idToken } = signedIn;
    const account = await this.accounts.signIn(identity, ip);
    if (account && account.status !== 'active') {
      await this.events.record({ type: 'sign_in_failed', accountId: account.id, actorId: account.id, ip, detail: { reason: `account ${account.status}` } });
      throw new DomainError('forbidden', 'this account is disabled: ask an administrator');
    }
    // A new session id at every sign-in (no fixation).
    await promisify((done) => request.session.regenerate(done));
    request.session.identity = identity;
    if (account) request.session.accountId = account.id;
    if (idToken) request.session.idToken = idToken;
    request.session.startedAt = Date.now();
    await promisify((done) => request.session.save(done));
    await this.events.record({
      type: 'sign_in',
      accountId: account?.id ?? null,
      actorId: account?.id ?? null,
      ip,
      detail: { issuer: identity.issuer, subject: identity.subject, email: identity.email, ...(account ? {} : { reason: 'no account' }) },
    });
    // An identity with no account lands on a page that says so (it has no role anywhere).
    response.redirect(303, account ? pending.returnTo : '/auth/no-account');
  }

  @Get('no-account')
  @Public()
  @ApiOperation({ summary: 'The page an identity with no account lands on (HTML, French)' })
  @ApiResponse({ status: 200, description: 'text/html' })
  noAccount(@Req() request: Request, @Res() response: Response): void {
    const identity = request.session?.identity;
    response
      .status(200)
      .type('html')
      .set('cache-control', 'no-store')
      .send(noAccountPage(identity?.email ?? null));
  }

  @Post('logout')
  @HttpCode(200)
  @AllowWithoutAccount()
  @ApiOperation({ summary: "Ends the session here; answers the provider's sign-out URL to end it there too (a browser asking for HTML is redirected)" })
  @ApiResponse({ status: 200, type: LogoutDto })
  @ApiResponse({ status: 303, description: "to the provider's sign-out page (Accept: text/html)" })
  async logout(@Req() request: AuthenticatedRequest, @Res({ passthrough: true }) response: Response): Promise<LogoutDto | void> {
    if (request.auth?.via !== 'session') throw new DomainError('validation', 'only a browser session signs out; revoke an API key instead');
    const idToken = request.session.idToken;
    await this.events.record({ type: 'sign_out', accountId: request.principal?.sub ?? null, actorId: request.principal?.sub ?? null, ip: request.ip ?? null });
    await promisify((done) => request.session.destroy(done));
    response.clearCookie(SESSION_COOKIE, { path: '/' });
    const providerLogoutUrl = await this.oidc.endSessionUrl(idToken);
    if (request.accepts(['json', 'html']) === 'html') {
      response.redirect(303, providerLogoutUrl ?? HOME);
      return;
    }
    return { signedOut: true, providerLogoutUrl };
  }

  @Get('me')
  @AllowWithoutAccount()
  @ApiOperation({ summary: 'Who the caller is: account, role, organisation or territory, language; role null when no account is linked' })
  @ApiResponse({ status: 200, type: MeDto })
  async me(@Req() request: AuthenticatedRequest): Promise<MeDto> {
    const auth = request.auth!;
    const identity = auth.identity
      ? { issuer: auth.identity.issuer, subject: auth.identity.subject, email: auth.identity.email, name: auth.identity.name }
      : null;
    if (!auth.principal) {
      return {
        accountId: null,
        name: identity?.name ?? null,
        email: identity?.email ?? null,
        role: null,
        organisation: null,
        territory: null,
        language: 'fr',
        via: auth.via,
        identity,
      };
    }
    const account = await this.accounts.get(auth.principal.sub);
    const names = await this.accounts.scopeNames(account);
    return {
      accountId: account.id,
      name: account.displayName,
      email: account.email,
      role: account.role,
      organisation: account.orgId ? { id: account.orgId, name: names.organisation } : null,
      territory: account.territoryId ? { id: account.territoryId, name: names.territory } : null,
      language: await this.preferences.languageOf(account.id),
      via: auth.via,
      identity,
    };
  }
}
