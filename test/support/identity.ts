import { fork, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfidentialClientApplication } from '@azure/msal-node';
import {
  MsalServiceClientCredentialsFactory,
  type ServiceClientCredentialsFactory,
} from 'botframework-connector';
import { makeTestCertificate, trustingNetworkClient } from './identity-https';

/**
 * Microsoft identity for the Bot Framework, for real, on loopback: an OpenID Connect server
 * (oauth2-mock-server over HTTPS with a certificate made here) that issues the bot's tokens, and
 * the channel's OpenID metadata that botbuilder checks incoming tokens against. Both run in a
 * child Node process (test/support/identity-server.mjs), since jest cannot load those ESM-only
 * packages; this side signs nothing and trusts nothing by itself.
 */

/** The app registration the bot runs as in these tests. */
export const TEST_APP = {
  id: '6a1f3c2e-7b4d-4e8a-9c0f-2d5b8e1a7c33',
  secret: 'test-client-secret-not-a-real-one',
  tenantId: '3f0e9d8c-1b2a-4c5d-8e7f-6a5b4c3d2e1f',
} as const;

/** The Bot Framework's public-cloud values, the ones botbuilder would default to. */
export const CHANNEL_ISSUER = 'https://api.botframework.com';
export const CHANNEL_OAUTH_SCOPE = 'https://api.botframework.com';

export interface ChannelTokenOptions {
  /** Claims to add or replace (iss, aud, serviceurl, exp…). */
  claims?: Record<string, unknown>;
  /** Claims to leave out. */
  omit?: string[];
  /** Seconds from now until `exp` (negative: already expired). Default 3600. */
  expiresIn?: number;
  /** Signed by an impostor's key that carries the channel key's kid. */
  foreignKey?: boolean;
}

export interface Verification {
  valid: boolean;
  claims?: Record<string, unknown>;
  reason?: string;
}

export interface IdentityStats {
  clientCredentialRequests: number;
  refusedClientCredentialRequests: number;
}

export interface BotIdentity {
  /** The Entra authority, https://localhost:<port> (the issuer of the bot's own tokens). */
  readonly authority: string;
  /** Where botbuilder reads the channel's OpenID metadata. */
  readonly metadataUrl: string;
  /** The settings that make the bot an authenticated deployment against this server. */
  readonly settings: Record<string, string>;
  /** A token as the Bot Framework channel would send it to the bot (serviceurl is yours to give). */
  channelToken(options?: ChannelTokenOptions): Promise<string>;
  /** jose's verdict on a bearer token, against the Entra JWKS, for an audience. */
  verify(token: string, audience: string): Promise<Verification>;
  stats(): Promise<IdentityStats>;
  /** botbuilder's MSAL credentials factory with a ConfidentialClientApplication that trusts the test certificate. */
  credentialsFactory(secret?: string): ServiceClientCredentialsFactory;
  stop(): Promise<void>;
}

type Reply = { id: number; ok: true; result: unknown } | { id: number; ok: false; error: string };
type Ready =
  { type: 'ready'; issuer: string; metadataUrl: string } | { type: 'failed'; error: string };

/** Starts the identity server: a fresh certificate and fresh keys each time (~0.5 s). */
export async function startBotIdentity(): Promise<BotIdentity> {
  const dir = await mkdtemp(join(tmpdir(), 'bot-identity-'));
  const {
    keyPath: keyFile,
    certPath: certFile,
    cert,
  } = await makeTestCertificate(dir, 'localhost');

  const child: ChildProcess = fork(join(__dirname, 'identity-server.mjs'), [], {
    execArgv: [],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    env: {
      ...process.env,
      NODE_EXTRA_CA_CERTS: certFile,
      IDENTITY_KEY_FILE: keyFile,
      IDENTITY_CERT_FILE: certFile,
      IDENTITY_CLIENT_ID: TEST_APP.id,
      IDENTITY_CLIENT_SECRET: TEST_APP.secret,
      IDENTITY_TENANT_ID: TEST_APP.tenantId,
      IDENTITY_CHANNEL_ISSUER: CHANNEL_ISSUER,
    },
  });

  const starting = new Promise<{ issuer: string; metadataUrl: string }>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error('the identity server did not start within 10 s')),
      10_000,
    );
    child.once('exit', (code) =>
      reject(new Error(`the identity server exited (${code}) before it was ready`)),
    );
    child.once('message', (message: Ready) => {
      clearTimeout(timer);
      if (message.type === 'ready') resolve(message);
      else reject(new Error(`the identity server failed to start: ${message.error}`));
    });
  });
  const ready = await starting.catch(async (err: unknown) => {
    child.kill();
    await rm(dir, { recursive: true, force: true });
    throw err;
  });
  child.removeAllListeners('exit');

  let nextId = 1;
  const pending = new Map<
    number,
    { resolve: (value: unknown) => void; reject: (err: Error) => void }
  >();
  child.on('message', (message: Reply) => {
    const waiter = pending.get(message.id);
    if (!waiter) return;
    pending.delete(message.id);
    if (message.ok) waiter.resolve(message.result);
    else waiter.reject(new Error(message.error));
  });
  child.on('exit', () => {
    for (const waiter of pending.values())
      waiter.reject(new Error('the identity server has stopped'));
    pending.clear();
  });
  const call = <T>(op: string, args: Record<string, unknown> = {}): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      const id = nextId++;
      pending.set(id, { resolve: (value) => resolve(value as T), reject });
      child.send({ id, op, ...args });
    });

  const authority = ready.issuer;
  const authorityHost = new URL(authority).host;
  const client = trustingNetworkClient(cert);

  return {
    authority,
    metadataUrl: ready.metadataUrl,
    settings: {
      MicrosoftAppId: TEST_APP.id,
      MicrosoftAppPassword: TEST_APP.secret,
      MicrosoftAppType: 'SingleTenant',
      MicrosoftAppTenantId: TEST_APP.tenantId,
      KEYS_SECRET: 'c0'.repeat(32),
      BOT_OPENID_METADATA_URL: ready.metadataUrl,
      BOT_TOKEN_ISSUER: CHANNEL_ISSUER,
      BOT_LOGIN_URL: authority,
      BOT_OAUTH_SCOPE: CHANNEL_OAUTH_SCOPE,
    },
    channelToken: (options = {}) => call<string>('channelToken', { ...options }),
    verify: (token, audience) => call<Verification>('verify', { token, audience }),
    stats: () => call<IdentityStats>('stats'),
    credentialsFactory: (secret = TEST_APP.secret) => {
      const app = new ConfidentialClientApplication({
        auth: {
          clientId: TEST_APP.id,
          clientSecret: secret,
          authority,
          knownAuthorities: [authorityHost],
          authorityMetadata: JSON.stringify({
            issuer: authority,
            token_endpoint: `${authority}/token`,
            authorization_endpoint: `${authority}/authorize`,
            end_session_endpoint: `${authority}/endsession`,
            jwks_uri: `${authority}/jwks`,
          }),
        },
        system: { networkClient: client },
      });
      // botbuilder types this against the msal-node it carries (2.16); the client is used through the same calls.
      return new MsalServiceClientCredentialsFactory(
        TEST_APP.id,
        app as unknown as ConstructorParameters<typeof MsalServiceClientCredentialsFactory>[1],
      );
    },
    stop: async () => {
      if (child.connected) {
        await call('stop').catch(() => undefined);
        await new Promise<void>((resolve) =>
          child.exitCode !== null ? resolve() : child.once('exit', () => resolve()),
        );
      }
      client.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
