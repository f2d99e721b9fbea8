import { Inject, Injectable, Logger } from '@nestjs/common';
import * as oidc from 'openid-client';
import { DomainError } from '@grants/domain';
import { APP_CONFIG, AppConfig } from '../common/config.provider';

/** What the API keeps between sending a person to the provider and their return. */
export interface PendingSignIn {
  state: string;
  nonce: string;
  codeVerifier: string;
  returnTo: string;
  startedAt: number;
}

/** A person as the provider vouches for them. */
export interface SignedInIdentity {
  issuer: string;
  subject: string;
  email: string | null;
  emailVerified: boolean;
  name: string | null;
}

/** The provider answered that the sign-in is not valid (bad state, nonce, code): a 400. */
export class SignInRefused extends Error {}

const DISCOVERY_TIMEOUT_S = 5;

/** The OpenID Connect relying party (openid-client): authorization code flow with PKCE, state and nonce. */
@Injectable()
export class OidcService {
  private readonly logger = new Logger('oidc');
  private configuration?: Promise<oidc.Configuration>;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  get enabled(): boolean {
    return Boolean(this.config.OIDC_ISSUER && this.config.OIDC_CLIENT_ID);
  }

  get redirectUri(): string {
    return `${this.publicUrl}/auth/callback`;
  }

  get publicUrl(): string {
    return (this.config.PUBLIC_URL ?? `http://localhost:${this.config.API_PORT}`).replace(/\/+$/, '');
  }

  /** The provider's metadata and keys, discovered once (and again after a failure). */
  private async discovered(): Promise<oidc.Configuration> {
    if (!this.enabled) throw new DomainError('unavailable', 'sign-in is not configured on this platform (OIDC_ISSUER)');
    this.configuration ??= oidc
      .discovery(new URL(this.config.OIDC_ISSUER!), this.config.OIDC_CLIENT_ID!, this.config.OIDC_CLIENT_SECRET, undefined, {
        execute: this.config.OIDC_ISSUER!.startsWith('http:') && this.config.NODE_ENV !== 'production' ? [oidc.allowInsecureRequests] : [],
        timeout: DISCOVERY_TIMEOUT_S,
      })
      .catch((error: unknown) => {
        this.configuration = undefined;
        this.logger.warn(`the sign-in provider cannot be reached: ${(error as Error).message}`);
        throw new DomainError('unavailable', 'the sign-in provider cannot be reached: try again in a moment');
      });
    return this.configuration;
  }

  /** Where to send the browser to sign in, and what to keep until it comes back. */
  async start(returnTo: string): Promise<{ url: string; pending: PendingSignIn }> {
    const configuration = await this.discovered();
    const codeVerifier = oidc.randomPKCECodeVerifier();
    const pending: PendingSignIn = { state: oidc.randomState(), nonce: oidc.randomNonce(), codeVerifier, returnTo, startedAt: Date.now() };
    const url = oidc.buildAuthorizationUrl(configuration, {
      redirect_uri: this.redirectUri,
      scope: this.config.OIDC_SCOPES,
      code_challenge: await oidc.calculatePKCECodeChallenge(codeVerifier),
      code_challenge_method: 'S256',
      state: pending.state,
      nonce: pending.nonce,
    });
    return { url: url.href, pending };
  }

  /** Exchanges the code (checking state, nonce and PKCE) and reads who signed in. */
  async finish(callbackPathAndQuery: string, pending: PendingSignIn): Promise<{ identity: SignedInIdentity; idToken: string | undefined }> {
    const configuration = await this.discovered();
    let tokens: oidc.TokenEndpointResponse & oidc.TokenEndpointResponseHelpers;
    try {
      tokens = await oidc.authorizationCodeGrant(configuration, new URL(callbackPathAndQuery, this.publicUrl), {
        pkceCodeVerifier: pending.codeVerifier,
        expectedState: pending.state,
        expectedNonce: pending.nonce,
        idTokenExpected: true,
      });
    } catch (error) {
      throw this.classify(error);
    }
    const claims = tokens.claims()!;
    let info: Record<string, unknown> = {};
    try {
      info = await oidc.fetchUserInfo(configuration, tokens.access_token, claims.sub);
    } catch (error) {
      // Claims in the ID token are enough when the provider has no user info for this token.
      this.logger.warn(`user info not read: ${(error as Error).message}`);
    }
    const all = { ...claims, ...info } as Record<string, unknown>;
    const text = (key: string) => (typeof all[key] === 'string' && all[key] ? (all[key] as string) : null);
    const given = text('given_name');
    const family = text('family_name') ?? text('usual_name'); // ProConnect calls it usual_name
    return {
      identity: {
        issuer: claims.iss,
        subject: claims.sub,
        email: text('email'),
        emailVerified: all.email_verified !== false,
        name: text('name') ?? ([given, family].filter(Boolean).join(' ') || null),
      },
      idToken: tokens.id_token,
    };
  }

  /** Where to send the browser to sign out of the provider too, when it supports it. */
  async endSessionUrl(idToken: string | undefined): Promise<string | null> {
    if (!this.enabled) return null;
    try {
      const configuration = await this.discovered();
      if (!configuration.serverMetadata().end_session_endpoint) return null;
      const parameters: Record<string, string> = { post_logout_redirect_uri: `${this.publicUrl}/app/`, client_id: this.config.OIDC_CLIENT_ID! };
      if (idToken) parameters.id_token_hint = idToken;
      return oidc.buildEndSessionUrl(configuration, parameters).href;
    } catch {
      return null;
    }
  }

  private classify(error: unknown): Error {
    const message = (error as Error).message ?? String(error);
    if (error instanceof oidc.AuthorizationResponseError || error instanceof oidc.ResponseBodyError) {
      return new SignInRefused(
        `the provider refused the sign-in (${(error as { error?: string }).error ?? 'error'}): ${(error as { error_description?: string }).error_description ?? message}`,
      );
    }
    const code = (error as { code?: string }).code;
    if (code && /^OAUTH_/.test(code)) {
      // openid-client wraps the precise check that failed (e.g. 'unexpected ID Token "nonce" claim value').
      const cause = (error as { cause?: { message?: unknown } }).cause?.message;
      return new SignInRefused(`the sign-in response is not valid: ${typeof cause === 'string' && cause !== message ? cause : message}`);
    }
    this.logger.warn(`sign-in failed: ${message}`);
    return new DomainError('unavailable', 'the sign-in provider cannot be reached: try again in a moment');
  }
}
