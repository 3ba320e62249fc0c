import {
  ConfidentialClientApplication,
  LogLevel,
  type Configuration,
  type INetworkModule,
} from '@azure/msal-node';
import { z } from 'zod';
import type { TenantId, UserId } from '../model';
import {
  DEFAULT_MAX_RESULTS,
  DIRECTORY_ROLES,
  DirectoryUnavailableError,
  directoryQuery,
  safeReason,
  sortPeople,
  type Directory,
  type DirectoryPerson,
  type DirectoryRole,
} from './directory';

/** Entra directory roles the bot maps, by roleTemplateId (the same in every tenant). */
export const ENTRA_ROLE_TEMPLATES: Readonly<Record<string, DirectoryRole>> = {
  '62e90394-69f5-4237-9190-012177145e10': 'globalAdmin', // Global Administrator
  'fe930be7-5e62-47db-91af-98c3a49a38b1': 'userAdmin', // User Administrator
};

/** How the app proves who it is: a client secret, or a certificate (thumbprint in hex: 40 digits SHA-1, 64 digits SHA-256). */
export type GraphCredential =
  { secret: string } | { certificate: { thumbprint: string; privateKey: string; x5c?: string } };

/** OpenID Connect discovery values of an authority that is not Microsoft Entra ID (a test identity server). */
export interface OpenIdMetadata {
  issuer: string;
  token_endpoint: string;
  authorization_endpoint: string;
  jwks_uri: string;
}

/** The slice of fetch GraphDirectory uses; the global fetch fits. */
export type GraphFetch = (
  url: string,
  init: { method: 'GET'; headers: Record<string, string>; signal: AbortSignal },
) => Promise<Response>;

export interface GraphDirectoryOptions {
  clientId: string;
  credential: GraphCredential;
  /** Default https://login.microsoftonline.com. Must be https (MSAL refuses anything else). */
  authorityHost?: string;
  /**
   * Only for an authority that is not Microsoft Entra ID (a local identity server in tests): its
   * metadata for a tenant, so MSAL neither runs Entra instance discovery nor fetches metadata.
   */
  authorityMetadata?: (tenantId: TenantId) => OpenIdMetadata;
  /** Default https://graph.microsoft.com/v1.0. https, or http on loopback only. */
  graphBaseUrl?: string;
  /** Default https://graph.microsoft.com/.default. */
  graphScope?: string;
  /** MSAL's HTTP client (tests: one that trusts a test certificate). */
  networkClient?: INetworkModule;
  /** For Graph calls; default the global fetch. */
  fetch?: GraphFetch;
  /** Waits between retries; default a timer. */
  sleep?: (ms: number) => Promise<void>;
  /** Tries of one Graph call when throttled, unavailable or unreachable (default 3). */
  maxAttempts?: number;
  /** A Retry-After longer than this is not waited for: the call fails as THROTTLED (default 10 s). */
  maxRetryAfterMs?: number;
  /** Per Graph call and per token request (default 10 s). */
  timeoutMs?: number;
  /** $top for people searches (default 100; Graph may send fewer per page). */
  pageSize?: number;
  /** The most people findPeople returns (default 100). */
  maxResults?: number;
  /** The most pages followed for one collection (default 50). */
  maxPages?: number;
}

const GRAPH_USER = z.object({
  id: z.string().min(1),
  displayName: z.string().nullish(),
  mail: z.string().nullish(),
  userPrincipalName: z.string().nullish(),
  accountEnabled: z.boolean().nullish(),
});
type GraphUser = z.infer<typeof GRAPH_USER>;
const GRAPH_ROLE = z.object({ roleTemplateId: z.string().nullish() });
const page = <T extends z.ZodType>(item: T) =>
  z.object({ value: z.array(item), '@odata.nextLink': z.string().optional() });

const USER_FIELDS = 'id,displayName,mail,userPrincipalName,accountEnabled';
const SEARCHED_PROPERTIES = ['displayName', 'givenName', 'surname', 'mail', 'userPrincipalName'];
const RETRYABLE = new Set([429, 503, 504]);
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const TENANT = /^[A-Za-z0-9][A-Za-z0-9.-]{0,252}$/;
const ROLE_LOOKUPS_AT_ONCE = 4;

type GraphAnswer = { found: true; body: unknown } | { found: false };

/**
 * The people of an organisation from its Microsoft Entra ID, through Microsoft Graph with an
 * app-only token (client credentials, per tenant). Tokens come from MSAL's cache until near
 * expiry. Throttling and unavailability are retried honouring Retry-After; a token Graph
 * rejects (401) is renewed once. Tokens and secrets are never logged nor put in errors.
 */
export class GraphDirectory implements Directory {
  private readonly apps = new Map<TenantId, ConfidentialClientApplication>();
  private readonly tokenRequests = new Map<string, Promise<string>>();
  private readonly authorityHost: string;
  private readonly graphBaseUrl: string;
  private readonly graphOrigin: string;
  private readonly scope: string;
  private readonly fetch: GraphFetch;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly maxAttempts: number;
  private readonly maxRetryAfterMs: number;
  private readonly timeoutMs: number;
  private readonly pageSize: number;
  private readonly maxResults: number;
  private readonly maxPages: number;

  constructor(private readonly options: GraphDirectoryOptions) {
    this.authorityHost = (options.authorityHost ?? 'https://login.microsoftonline.com').replace(
      /\/+$/,
      '',
    );
    if (new URL(this.authorityHost).protocol !== 'https:')
      throw new RangeError('The authority host must be an https URL.');
    this.graphBaseUrl = (options.graphBaseUrl ?? 'https://graph.microsoft.com/v1.0').replace(
      /\/+$/,
      '',
    );
    const graph = new URL(this.graphBaseUrl);
    if (
      graph.protocol !== 'https:' &&
      !(graph.protocol === 'http:' && ['127.0.0.1', 'localhost', '[::1]'].includes(graph.hostname))
    ) {
      throw new RangeError('The Graph base URL must be https (http only on loopback).');
    }
    this.graphOrigin = graph.origin;
    this.scope = options.graphScope ?? 'https://graph.microsoft.com/.default';
    if (!options.clientId) throw new RangeError('A client id is required.');
    if (
      'secret' in options.credential
        ? !options.credential.secret
        : !options.credential.certificate.privateKey
    ) {
      throw new RangeError('A client secret or certificate is required.');
    }
    this.fetch = options.fetch ?? ((url, init) => fetch(url, init));
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    this.maxAttempts = Math.max(1, options.maxAttempts ?? 3);
    this.maxRetryAfterMs = options.maxRetryAfterMs ?? 10_000;
    this.timeoutMs = options.timeoutMs ?? 10_000;
    this.pageSize = Math.min(999, Math.max(1, options.pageSize ?? 100));
    this.maxResults = options.maxResults ?? DEFAULT_MAX_RESULTS;
    this.maxPages = options.maxPages ?? 50;
  }

  async findPeople(tenantId: TenantId, query: string): Promise<DirectoryPerson[]> {
    checkTenant(tenantId);
    const q = directoryQuery(query);
    if (!q) return [];
    const literal = `'${q.replace(/'/g, "''")}'`;
    const filter = SEARCHED_PROPERTIES.map((p) => `startswith(${p},${literal})`).join(' or ');
    const url = `${this.graphBaseUrl}/users?$filter=${encodeURIComponent(filter)}&$select=${USER_FIELDS}&$top=${this.pageSize}`;
    const users = await this.collect(tenantId, url, GRAPH_USER, this.maxResults);
    const people = await mapAtMost(ROLE_LOOKUPS_AT_ONCE, users, async (user) =>
      toPerson(user, await this.roles(tenantId, user.id)),
    );
    return sortPeople(people);
  }

  async person(tenantId: TenantId, objectId: UserId): Promise<DirectoryPerson | undefined> {
    checkTenant(tenantId);
    if (!GUID.test(objectId)) return undefined; // an Entra object id is a GUID; anything else names nobody
    const answer = await this.get(
      tenantId,
      `${this.graphBaseUrl}/users/${encodeURIComponent(objectId)}?$select=${USER_FIELDS}`,
    );
    if (!answer.found) return undefined;
    const user = parse(GRAPH_USER, answer.body);
    return toPerson(user, await this.roles(tenantId, user.id));
  }

  /** The person's Entra directory roles, direct or through role-assignable groups. */
  private async roles(tenantId: TenantId, objectId: UserId): Promise<DirectoryRole[]> {
    const url = `${this.graphBaseUrl}/users/${encodeURIComponent(objectId)}/transitiveMemberOf/microsoft.graph.directoryRole?$select=id,displayName,roleTemplateId`;
    const roles = await this.collect(tenantId, url, GRAPH_ROLE, Infinity);
    const mapped = new Set(
      roles.map((r) =>
        r.roleTemplateId ? ENTRA_ROLE_TEMPLATES[r.roleTemplateId.toLowerCase()] : undefined,
      ),
    );
    return DIRECTORY_ROLES.filter((role) => mapped.has(role));
  }

  /** Every item of a collection, following @odata.nextLink (on Graph's own origin only), up to `limit`. */
  private async collect<T extends z.ZodType>(
    tenantId: TenantId,
    firstUrl: string,
    item: T,
    limit: number,
  ): Promise<z.infer<T>[]> {
    const items: z.infer<T>[] = [];
    let url: string | undefined = firstUrl;
    for (let pages = 0; url && items.length < limit; pages++) {
      if (pages >= this.maxPages)
        throw new DirectoryUnavailableError('DIRECTORY.UNEXPECTED_RESPONSE', {
          reason: 'too_many_pages',
        });
      const answer = await this.get(tenantId, url);
      if (!answer.found) break; // the user went away between two calls
      const body = parse(page(item), answer.body);
      items.push(...body.value);
      url = body['@odata.nextLink'];
      if (url !== undefined && !this.isGraphUrl(url))
        throw new DirectoryUnavailableError('DIRECTORY.UNEXPECTED_RESPONSE', {
          reason: 'foreign_next_link',
        });
    }
    return items.slice(0, limit);
  }

  private isGraphUrl(url: string): boolean {
    try {
      return new URL(url).origin === this.graphOrigin;
    } catch {
      return false;
    }
  }

  /** One Graph GET with the app's token: retries throttling and outages, renews a rejected token once. */
  private async get(tenantId: TenantId, url: string): Promise<GraphAnswer> {
    let renewed = false;
    let renew = false;
    for (let attempt = 1; ;) {
      const token = await this.accessToken(tenantId, renew);
      renew = false;
      let response: Response;
      try {
        response = await this.fetch(url, {
          method: 'GET',
          headers: { Authorization: `Bearer ${token}`, Accept: 'application/json' },
          signal: AbortSignal.timeout(this.timeoutMs),
        });
      } catch (err) {
        if (attempt < this.maxAttempts) {
          await this.sleep(this.backoff(attempt++));
          continue;
        }
        throw new DirectoryUnavailableError('DIRECTORY.UNREACHABLE', {
          reason: networkReason(err),
        });
      }
      const status = response.status;
      if (response.ok) return { found: true, body: await this.json(response) };
      await discard(response);
      if (status === 404) return { found: false };
      if (status === 401 && !renewed) {
        // An expired or revoked token: get a fresh one, once.
        renewed = true;
        renew = true;
        continue;
      }
      if (RETRYABLE.has(status)) {
        const wait = retryAfterMs(response.headers.get('retry-after')) ?? this.backoff(attempt);
        if (attempt < this.maxAttempts && wait <= this.maxRetryAfterMs) {
          await this.sleep(wait);
          attempt++;
          continue;
        }
        throw new DirectoryUnavailableError(
          status === 429 ? 'DIRECTORY.THROTTLED' : 'DIRECTORY.UNREACHABLE',
          { status },
        );
      }
      if (status === 401 || status === 403)
        throw new DirectoryUnavailableError('DIRECTORY.ACCESS_DENIED', { status });
      throw new DirectoryUnavailableError(
        status >= 500 ? 'DIRECTORY.UNREACHABLE' : 'DIRECTORY.UNEXPECTED_RESPONSE',
        { status },
      );
    }
  }

  private async json(response: Response): Promise<unknown> {
    try {
      return await response.json();
    } catch (err) {
      if (isTimeout(err))
        throw new DirectoryUnavailableError('DIRECTORY.UNREACHABLE', {
          status: response.status,
          reason: 'timeout',
        });
      throw new DirectoryUnavailableError('DIRECTORY.UNEXPECTED_RESPONSE', {
        status: response.status,
        reason: 'invalid_json',
      });
    }
  }

  private backoff(attempt: number): number {
    return Math.min(this.maxRetryAfterMs, 500 * 2 ** (attempt - 1));
  }

  /** An app-only Graph token for the tenant: MSAL's cached one, or a fresh one when `renew`. Concurrent asks share one request. */
  private accessToken(tenantId: TenantId, renew: boolean): Promise<string> {
    const key = `${renew ? 'renew' : 'cache'} ${tenantId}`;
    const pending = this.tokenRequests.get(key);
    if (pending) return pending;
    const request = this.acquire(tenantId, renew).finally(() => this.tokenRequests.delete(key));
    this.tokenRequests.set(key, request);
    return request;
  }

  private async acquire(tenantId: TenantId, renew: boolean): Promise<string> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () =>
          reject(new DirectoryUnavailableError('DIRECTORY.SIGN_IN_FAILED', { reason: 'timeout' })),
        this.timeoutMs,
      );
    });
    try {
      const result = await Promise.race([
        this.app(tenantId).acquireTokenByClientCredential({
          scopes: [this.scope],
          skipCache: renew,
        }),
        timeout,
      ]);
      if (!result?.accessToken)
        throw new DirectoryUnavailableError('DIRECTORY.SIGN_IN_FAILED', { reason: 'no_token' });
      return result.accessToken;
    } catch (err) {
      if (err instanceof DirectoryUnavailableError) throw err;
      // MSAL's errors carry a code (invalid_client, network_error, …); their messages may quote the server, so only the code goes on.
      throw new DirectoryUnavailableError('DIRECTORY.SIGN_IN_FAILED', {
        reason: safeReason(field(err, 'errorCode')),
      });
    } finally {
      clearTimeout(timer);
    }
  }

  /** One MSAL confidential client per tenant, so each tenant's tokens are cached apart. */
  private app(tenantId: TenantId): ConfidentialClientApplication {
    let app = this.apps.get(tenantId);
    if (!app) {
      app = new ConfidentialClientApplication(this.configuration(tenantId));
      this.apps.set(tenantId, app);
    }
    return app;
  }

  private configuration(tenantId: TenantId): Configuration {
    const { clientId, credential, authorityMetadata, networkClient } = this.options;
    const metadata = authorityMetadata?.(tenantId);
    return {
      auth: {
        clientId,
        authority: `${this.authorityHost}/${tenantId}`,
        ...('secret' in credential
          ? { clientSecret: credential.secret }
          : { clientCertificate: certificate(credential.certificate) }),
        ...(metadata
          ? {
              knownAuthorities: [new URL(this.authorityHost).host],
              authorityMetadata: JSON.stringify(metadata),
            }
          : {}),
      },
      system: {
        ...(networkClient ? { networkClient } : {}),
        loggerOptions: {
          piiLoggingEnabled: false,
          logLevel: LogLevel.Error,
          loggerCallback: () => undefined,
        },
      },
    };
  }
}

function certificate(cert: {
  thumbprint: string;
  privateKey: string;
  x5c?: string;
}): NonNullable<Configuration['auth']['clientCertificate']> {
  const thumbprint = cert.thumbprint.replace(/[:\s]/g, '').toLowerCase();
  const x5c = cert.x5c ? { x5c: cert.x5c } : {};
  if (/^[0-9a-f]{64}$/.test(thumbprint))
    return { thumbprintSha256: thumbprint, privateKey: cert.privateKey, ...x5c };
  if (/^[0-9a-f]{40}$/.test(thumbprint)) return { thumbprint, privateKey: cert.privateKey, ...x5c };
  throw new RangeError('A certificate thumbprint is 40 (SHA-1) or 64 (SHA-256) hex digits.');
}

function checkTenant(tenantId: TenantId): void {
  if (!TENANT.test(tenantId)) throw new RangeError('A tenant id is a GUID or a domain name.');
}

function toPerson(user: GraphUser, roles: DirectoryRole[]): DirectoryPerson {
  return {
    id: user.id,
    displayName: user.displayName ?? user.userPrincipalName ?? user.id,
    email: user.mail ?? user.userPrincipalName ?? '',
    // Selected explicitly: Graph leaves accountEnabled out unless asked.
    enabled: user.accountEnabled !== false,
    roles,
  };
}

function parse<T extends z.ZodType>(schema: T, body: unknown): z.infer<T> {
  const result = schema.safeParse(body);
  if (!result.success)
    throw new DirectoryUnavailableError('DIRECTORY.UNEXPECTED_RESPONSE', {
      reason: 'unexpected_shape',
    });
  return result.data;
}

/** Retry-After in seconds or as an HTTP date, in ms; undefined when absent or unreadable. */
export function retryAfterMs(value: string | null, now: number = Date.now()): number | undefined {
  if (value === null || value.trim() === '') return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/** A field of an error-like value (errors may come from another realm, so no instanceof). */
function field(value: unknown, name: string): unknown {
  return value !== null && typeof value === 'object' && name in value
    ? (value as Record<string, unknown>)[name]
    : undefined;
}

function isTimeout(err: unknown): boolean {
  const name = field(err, 'name');
  return name === 'TimeoutError' || name === 'AbortError';
}

function networkReason(err: unknown): string {
  if (isTimeout(err)) return 'timeout';
  return safeReason(field(field(err, 'cause'), 'code') ?? field(err, 'code'), 'network_error');
}

async function discard(response: Response): Promise<void> {
  try {
    await response.body?.cancel();
  } catch {
    // nothing to free
  }
}

async function mapAtMost<T, R>(
  limit: number,
  items: readonly T[],
  f: (item: T) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await f(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
