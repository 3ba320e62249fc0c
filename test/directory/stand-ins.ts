import { fork, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import type { OpenIdMetadata } from '../../services/directory/graph-directory';

/** A user as Graph holds one (the stand-in serves what $select asks for). */
export interface GraphUserRecord {
  id: string;
  displayName: string;
  givenName: string | null;
  surname: string | null;
  mail: string | null;
  userPrincipalName: string;
  accountEnabled: boolean;
  jobTitle?: string | null;
}

export interface DirectoryRoleRecord {
  id: string;
  displayName: string;
  roleTemplateId: string;
}

export interface TenantDirectory {
  users: GraphUserRecord[];
  /** Directory roles by user id, in the order Graph lists them. */
  roles: Record<string, DirectoryRoleRecord[]>;
}

export interface RegisteredClient {
  clientId: string;
  secret?: string;
  /** PEM of the certificate whose key signs the app's client assertions. */
  certificate?: string;
  /** App permissions granted (the token's roles claim). */
  roles: string[];
}

export interface StandInConfig {
  keyPath: string;
  certPath: string;
  clients: RegisteredClient[];
  tenants: Record<string, TenantDirectory>;
}

export interface TokenRequestRecord {
  tenant: string;
  clientId: string;
  credential: 'secret' | 'certificate' | 'none';
  scope: string;
  status: number;
  error?: string;
}

export interface GraphRequestRecord {
  method: string;
  path: string;
  query: Record<string, string>;
  status: number | 'hung';
  error?: string;
  tid?: string;
  jti?: string;
}

type Reply =
  | { type: 'ready'; issuer: string; graphBaseUrl: string }
  | { type: 'result'; id: number; value: unknown }
  | { type: 'error'; id: number; message: string };

/** The OpenID Connect server and the Graph stand-in, running in a child process (identity-stand-ins.mjs), driven over IPC. */
export class IdentityStandIns {
  private nextId = 1;
  private readonly waiting = new Map<
    number,
    { resolve(value: unknown): void; reject(err: Error): void }
  >();

  private constructor(
    private readonly child: ChildProcess,
    /** https://localhost:<port>, the tokens' issuer. */
    readonly issuer: string,
    /** https://127.0.0.1:<port>/v1.0 */
    readonly graphBaseUrl: string,
  ) {
    child.on('message', (reply: Reply) => {
      if (reply.type === 'ready') return;
      const w = this.waiting.get(reply.id);
      this.waiting.delete(reply.id);
      if (reply.type === 'result') w?.resolve(reply.value);
      else w?.reject(new Error(reply.message));
    });
  }

  static async start(config: StandInConfig, timeoutMs = 15_000): Promise<IdentityStandIns> {
    const child = fork(join(__dirname, 'identity-stand-ins.mjs'), [], {
      // jose fetches the JWKS with the global fetch: trust the test certificate (read at start-up only).
      env: { ...process.env, NODE_EXTRA_CA_CERTS: config.certPath },
      execArgv: [],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    try {
      const ready = await new Promise<{ issuer: string; graphBaseUrl: string }>(
        (resolve, reject) => {
          const timer = setTimeout(
            () => reject(new Error('identity stand-ins did not start in time')),
            timeoutMs,
          );
          child.once('exit', (code) => reject(new Error(`identity stand-ins exited (${code})`)));
          child.on('message', (reply: Reply) => {
            if (reply.type === 'ready') {
              clearTimeout(timer);
              resolve(reply);
            } else if (reply.type === 'error') {
              clearTimeout(timer);
              reject(new Error(reply.message));
            }
          });
          child.send({ type: 'start', config });
        },
      );
      return new IdentityStandIns(child, ready.issuer, ready.graphBaseUrl);
    } catch (err) {
      child.kill();
      throw err;
    }
  }

  /** Entra-shaped endpoints of the OpenID server for a tenant. */
  metadata(tenantId: string): OpenIdMetadata {
    return {
      issuer: this.issuer,
      token_endpoint: `${this.issuer}/${tenantId}/oauth2/v2.0/token`,
      authorization_endpoint: `${this.issuer}/${tenantId}/oauth2/v2.0/authorize`,
      jwks_uri: `${this.issuer}/jwks`,
    };
  }

  private call<T>(name: string, ...args: unknown[]): Promise<T> {
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.waiting.set(id, { resolve: (v) => resolve(v as T), reject });
      this.child.send({ type: 'call', id, name, args });
    });
  }

  tokenRequests(): Promise<TokenRequestRecord[]> {
    return this.call('tokenRequests');
  }
  graphRequests(): Promise<GraphRequestRecord[]> {
    return this.call('graphRequests');
  }
  /** Forgets the logs and every fault. */
  reset(): Promise<void> {
    return this.call('reset');
  }
  /** The next `count` authorised Graph requests answer 429 with Retry-After (seconds), or none. */
  throttleNext(count: number, retryAfterSeconds?: number): Promise<void> {
    return this.call('throttleNext', count, retryAfterSeconds);
  }
  /** Graph answers 503 to everything. */
  setDown(down: boolean): Promise<void> {
    return this.call('setDown', down);
  }
  /** Graph never answers. */
  setHang(hang: boolean): Promise<void> {
    return this.call('setHang', hang);
  }
  /** Every token issued so far is refused as expired from now on. */
  expireIssuedTokens(): Promise<void> {
    return this.call('expireIssuedTokens');
  }
  /** Every token, even a fresh one, is refused as expired. */
  setExpireAll(expireAll: boolean): Promise<void> {
    return this.call('setExpireAll', expireAll);
  }
  /** The next page link points off Graph's origin. */
  foreignNextLinkOnce(): Promise<void> {
    return this.call('foreignNextLinkOnce');
  }
  /** A token signed by the OpenID server's key with these claims (on top of iss, iat, exp, nbf, jti). */
  buildToken(claims: Record<string, unknown>): Promise<string> {
    return this.call('buildToken', claims);
  }

  async stop(timeoutMs = 5_000): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    this.child.send({ type: 'stop' });
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<'late'>((resolve) => {
      timer = setTimeout(() => resolve('late'), timeoutMs);
    });
    if ((await Promise.race([exited, late])) === 'late') {
      this.child.kill('SIGKILL');
      await exited;
    }
    clearTimeout(timer);
  }
}
