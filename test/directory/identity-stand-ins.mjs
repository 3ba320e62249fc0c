// The identity servers for the directory tests, in their own Node process (jose and
// oauth2-mock-server ship ES modules only, which jest's CommonJS runtime cannot load):
// - an OpenID Connect server (oauth2-mock-server) over HTTPS on localhost, issuing app-only
//   tokens per tenant at /{tenant}/oauth2/v2.0/token after checking the client's secret or
//   certificate assertion;
// - a Microsoft Graph stand-in over HTTPS on 127.0.0.1 that accepts a request only with a bearer
//   token signed by that server's keys (jose, its JWKS), for audience https://graph.microsoft.com,
//   with the app permission User.Read.All, and serves the token's tenant's users and directory roles.
// Driven over IPC by stand-ins.ts: {type:'start', config} → {type:'ready'}; {type:'call', id, name, args} → {type:'result'|'error', id}.
// Needs NODE_EXTRA_CA_CERTS = the test certificate, so that jose's fetch of the JWKS trusts it.

import { Buffer } from 'node:buffer';
import { X509Certificate, constants, createPublicKey, randomUUID, verify } from 'node:crypto';
import { readFileSync } from 'node:fs';
import https from 'node:https';
import { setTimeout } from 'node:timers';
import { URL } from 'node:url';
import { createRemoteJWKSet, jwtVerify } from 'jose';
import { OAuth2Server } from 'oauth2-mock-server';

const GRAPH_AUDIENCE = 'https://graph.microsoft.com';
const DEFAULT_USER_FIELDS = [
  'id',
  'businessPhones',
  'displayName',
  'givenName',
  'jobTitle',
  'mail',
  'mobilePhone',
  'officeLocation',
  'preferredLanguage',
  'surname',
  'userPrincipalName',
];
const FILTERABLE = new Set(['displayName', 'givenName', 'surname', 'mail', 'userPrincipalName']);

let config; // { keyPath, certPath, clients: [{ clientId, secret?, certificate?, roles }], tenants: { [tid]: { users, roles: { [userId]: role[] } } } }
let oidc;
let graph;
let graphBaseUrl;
let jwks;
const tokenLog = []; // { tenant, clientId, credential, scope, status, error? }
const graphLog = []; // { method, path, query, status, error? }
const issuedJti = new Set();
const expiredJti = new Set();
const faults = { down: false, hang: false, throttle: [], foreignNextLink: 0, expireAll: false };
const hanging = new Set();

// ---------- the OpenID Connect server ----------

function b64urlJson(part) {
  return JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
}

/** Checks a client assertion (a JWT signed with the app's certificate) synchronously: the mock's hooks are synchronous. */
function assertionError(assertion, client, tokenEndpoint) {
  if (!client.certificate) return 'no certificate registered';
  const parts = String(assertion).split('.');
  if (parts.length !== 3) return 'malformed assertion';
  const [h, p, s] = parts;
  const header = b64urlJson(h);
  const payload = b64urlJson(p);
  const cert = new X509Certificate(client.certificate);
  const thumbprint = cert.fingerprint256.replace(/:/g, '').toLowerCase();
  if (header['x5t#S256'] !== Buffer.from(thumbprint, 'hex').toString('base64url'))
    return 'unknown certificate thumbprint';
  const key = createPublicKey(client.certificate);
  const data = Buffer.from(`${h}.${p}`);
  const signature = Buffer.from(s, 'base64url');
  let valid;
  if (header.alg === 'PS256')
    valid = verify(
      'sha256',
      data,
      {
        key,
        padding: constants.RSA_PKCS1_PSS_PADDING,
        saltLength: constants.RSA_PSS_SALTLEN_DIGEST,
      },
      signature,
    );
  else if (header.alg === 'RS256') valid = verify('sha256', data, key, signature);
  else return `unsupported alg ${header.alg}`;
  if (!valid) return 'bad signature';
  const now = Math.floor(Date.now() / 1000);
  if (payload.iss !== client.clientId || payload.sub !== client.clientId) return 'wrong iss/sub';
  if (payload.aud !== tokenEndpoint) return 'wrong aud';
  if (typeof payload.exp !== 'number' || payload.exp < now) return 'expired';
  return undefined;
}

function credentialOf(body) {
  if (body.client_secret !== undefined) return 'secret';
  if (body.client_assertion !== undefined) return 'certificate';
  return 'none';
}

async function startOidc() {
  oidc = new OAuth2Server(config.keyPath, config.certPath, {
    endpoints: { token: '/:tenant/oauth2/v2.0/token' },
  });
  await oidc.issuer.keys.generate('RS256');
  await oidc.start(0, 'localhost');
  const issuer = oidc.issuer.url;

  oidc.service.on('beforeTokenSigning', (token, req) => {
    const client = config.clients.find((c) => c.clientId === req.body.client_id);
    const scope = String(req.body.scope ?? '');
    const jti = randomUUID();
    issuedJti.add(jti);
    Object.assign(token.payload, {
      aud:
        scope
          .split(' ')
          .find((s) => s.endsWith('/.default'))
          ?.replace(/\/\.default$/, '') ?? scope,
      tid: req.params.tenant,
      appid: req.body.client_id,
      azp: req.body.client_id,
      sub: `sp-${req.body.client_id}`,
      idtyp: 'app',
      roles: client?.roles ?? [],
      jti,
    });
  });

  oidc.service.on('beforeResponse', (response, req) => {
    const tenant = req.params.tenant;
    const clientId = req.body.client_id;
    const credential = credentialOf(req.body);
    const tokenEndpoint = `${issuer}/${tenant}/oauth2/v2.0/token`;
    const client = config.clients.find((c) => c.clientId === clientId);
    let error;
    if (!config.tenants[tenant]) {
      response.statusCode = 400;
      response.body = {
        error: 'invalid_request',
        error_description: `AADSTS90002: Tenant '${tenant}' not found.`,
      };
      error = 'unknown tenant';
    } else if (!client) {
      response.statusCode = 400;
      response.body = {
        error: 'unauthorized_client',
        error_description: 'AADSTS700016: Application not found in the directory.',
      };
      error = 'unknown client';
    } else if (credential === 'secret' && req.body.client_secret !== client.secret) {
      response.statusCode = 401;
      response.body = {
        error: 'invalid_client',
        error_description: 'AADSTS7000215: Invalid client secret provided.',
      };
      error = 'wrong secret';
    } else if (
      credential === 'certificate' &&
      (error = assertionError(req.body.client_assertion, client, tokenEndpoint))
    ) {
      response.statusCode = 401;
      response.body = {
        error: 'invalid_client',
        error_description: `AADSTS700027: Client assertion failed signature validation (${error}).`,
      };
    } else if (credential === 'none') {
      response.statusCode = 401;
      response.body = {
        error: 'invalid_client',
        error_description:
          'AADSTS7000218: The request body must contain client_assertion or client_secret.',
      };
      error = 'no credential';
    }
    tokenLog.push({
      tenant,
      clientId,
      credential,
      scope: req.body.scope,
      status: response.statusCode,
      ...(error ? { error } : {}),
    });
  });

  jwks = createRemoteJWKSet(new URL(`${issuer}/jwks`));
  return issuer;
}

// ---------- the Graph stand-in ----------

function send(res, status, body, headers = {}) {
  const text = body === undefined ? '' : JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(text);
  return status;
}

function graphError(res, status, code, message, headers) {
  return send(
    res,
    status,
    { error: { code, message, innerError: { 'request-id': randomUUID() } } },
    headers,
  );
}

/** The clauses our client sends: startswith(prop,'literal') joined by " or " (OData literals double their quotes). */
function parseFilter(filter) {
  const clauses = [];
  let rest = filter.trim();
  for (;;) {
    const m = /^startswith\((\w+),'((?:[^']|'')*)'\)/.exec(rest);
    if (!m || !FILTERABLE.has(m[1])) return undefined;
    clauses.push({ property: m[1], prefix: m[2].replace(/''/g, "'").toLowerCase() });
    rest = rest.slice(m[0].length);
    if (rest === '') return clauses;
    const or = /^\s+or\s+/.exec(rest);
    if (!or) return undefined;
    rest = rest.slice(or[0].length);
  }
}

function selectFields(user, select) {
  const fields = select ? ['id', ...select.split(',').map((f) => f.trim())] : DEFAULT_USER_FIELDS;
  const out = {};
  for (const f of fields) if (f in user) out[f] = user[f];
  return out;
}

function pageOf(req, res, items, top) {
  const url = new URL(req.url, graphBaseUrl);
  const offset = Number(url.searchParams.get('$skiptoken') ?? '0');
  const value = items.slice(offset, offset + top);
  const body = { '@odata.context': `${graphBaseUrl}/$metadata#collection`, value };
  if (offset + top < items.length) {
    const next = new URL(`${graphBaseUrl}${url.pathname.replace(/^\/v1\.0/, '')}`);
    for (const [k, v] of url.searchParams) if (k !== '$skiptoken') next.searchParams.set(k, v);
    next.searchParams.set('$skiptoken', String(offset + top));
    if (faults.foreignNextLink > 0) {
      faults.foreignNextLink--;
      next.host = 'graph.example.invalid';
    }
    body['@odata.nextLink'] = next.toString();
  }
  return send(res, 200, body);
}

async function authorise(req, res) {
  const header = req.headers.authorization ?? '';
  const m = /^Bearer ([A-Za-z0-9._~+/=-]+)$/.exec(header);
  if (!m)
    return {
      status: graphError(res, 401, 'InvalidAuthenticationToken', 'Access token is empty.', {
        'www-authenticate': 'Bearer realm=""',
      }),
    };
  let payload;
  try {
    ({ payload } = await jwtVerify(m[1], jwks, {
      issuer: oidc.issuer.url,
      audience: GRAPH_AUDIENCE,
      algorithms: ['RS256'],
    }));
  } catch (err) {
    return {
      status: graphError(
        res,
        401,
        'InvalidAuthenticationToken',
        'Access token validation failure.',
        { 'www-authenticate': 'Bearer error="invalid_token"' },
      ),
      error: err.code ?? err.name,
    };
  }
  if (faults.expireAll || expiredJti.has(payload.jti)) {
    return {
      status: graphError(
        res,
        401,
        'InvalidAuthenticationToken',
        'Lifetime validation failed, the token is expired.',
        {
          'www-authenticate':
            'Bearer error="invalid_token", error_description="The access token has expired"',
        },
      ),
      error: 'expired',
    };
  }
  const tenant = config.tenants[payload.tid];
  if (!tenant)
    return {
      status: graphError(res, 401, 'InvalidAuthenticationToken', 'Unknown tenant.'),
      error: 'unknown tenant',
    };
  if (!Array.isArray(payload.roles) || !payload.roles.includes('User.Read.All')) {
    return {
      status: graphError(
        res,
        403,
        'Authorization_RequestDenied',
        'Insufficient privileges to complete the operation.',
      ),
      error: 'no permission',
    };
  }
  return { tenant, payload };
}

async function handleGraph(req, res) {
  const url = new URL(req.url, graphBaseUrl);
  const entry = {
    method: req.method,
    path: decodeURIComponent(url.pathname),
    query: Object.fromEntries(url.searchParams),
    status: 0,
  };
  graphLog.push(entry);
  if (faults.hang) {
    hanging.add(res);
    res.on('close', () => hanging.delete(res));
    entry.status = 'hung';
    return;
  }
  if (faults.down) {
    entry.status = graphError(res, 503, 'serviceNotAvailable', 'Service unavailable.');
    return;
  }
  const auth = await authorise(req, res);
  if (auth.status) {
    entry.status = auth.status;
    entry.error = auth.error;
    return;
  }
  entry.tid = auth.payload.tid;
  entry.jti = auth.payload.jti;
  const throttle = faults.throttle.shift();
  if (throttle) {
    entry.status = graphError(
      res,
      429,
      'TooManyRequests',
      'Too many requests.',
      throttle.retryAfter === undefined ? {} : { 'retry-after': String(throttle.retryAfter) },
    );
    return;
  }
  if (req.method !== 'GET') {
    entry.status = graphError(res, 405, 'Request_BadRequest', 'Method not allowed.');
    return;
  }
  const parts = entry.path
    .replace(/^\/v1\.0/, '')
    .split('/')
    .filter(Boolean);
  const { users, roles } = auth.tenant;
  const top = Math.min(999, Number(url.searchParams.get('$top') ?? '100'));
  if (parts.length === 1 && parts[0] === 'users') {
    const filter = url.searchParams.get('$filter');
    let found = users;
    if (filter !== null) {
      const clauses = parseFilter(filter);
      if (!clauses) {
        entry.status = graphError(res, 400, 'BadRequest', 'Invalid filter clause.');
        return;
      }
      found = users.filter((u) =>
        clauses.some(
          (c) =>
            typeof u[c.property] === 'string' && u[c.property].toLowerCase().startsWith(c.prefix),
        ),
      );
    }
    entry.status = pageOf(
      req,
      res,
      found.map((u) => selectFields(u, url.searchParams.get('$select'))),
      top,
    );
    return;
  }
  const user =
    parts[0] === 'users' && parts[1]
      ? users.find((u) => u.id === parts[1] || u.userPrincipalName === parts[1])
      : undefined;
  if (parts[0] === 'users' && parts.length >= 2 && !user) {
    entry.status = graphError(
      res,
      404,
      'Request_ResourceNotFound',
      `Resource '${parts[1]}' does not exist or one of its queried reference-property objects are not present.`,
    );
    return;
  }
  if (parts.length === 2) {
    entry.status = send(res, 200, {
      '@odata.context': `${graphBaseUrl}/$metadata#users/$entity`,
      ...selectFields(user, url.searchParams.get('$select')),
    });
    return;
  }
  if (
    parts.length === 4 &&
    parts[2] === 'transitiveMemberOf' &&
    parts[3] === 'microsoft.graph.directoryRole'
  ) {
    // Graph may page any collection: roles come one per page, whatever $top says.
    const list = (roles[user.id] ?? []).map((r) => ({
      '@odata.type': '#microsoft.graph.directoryRole',
      ...r,
    }));
    entry.status = pageOf(req, res, list, 1);
    return;
  }
  entry.status = graphError(res, 400, 'BadRequest', 'Unsupported request.');
}

async function startGraph() {
  const tls = { key: readFileSync(config.keyPath), cert: readFileSync(config.certPath) };
  graph = https.createServer(tls, (req, res) => {
    handleGraph(req, res).catch((err) => {
      process.stderr.write(`graph stand-in: ${err.stack}\n`);
      if (!res.headersSent)
        send(res, 500, { error: { code: 'InternalServerError', message: 'stand-in failure' } });
    });
  });
  await new Promise((resolve, reject) => {
    graph.once('error', reject);
    graph.listen(0, '127.0.0.1', resolve);
  });
  graphBaseUrl = `https://127.0.0.1:${graph.address().port}/v1.0`;
  return graphBaseUrl;
}

// ---------- control ----------

const calls = {
  tokenRequests: () => tokenLog.slice(),
  graphRequests: () => graphLog.slice(),
  reset() {
    tokenLog.length = 0;
    graphLog.length = 0;
    faults.down = false;
    faults.hang = false;
    faults.throttle = [];
    faults.foreignNextLink = 0;
    faults.expireAll = false;
    expiredJti.clear();
    for (const res of hanging) res.destroy();
  },
  /** The next `count` authorised Graph requests answer 429, with Retry-After seconds (or none). */
  throttleNext(count, retryAfter) {
    for (let i = 0; i < count; i++) faults.throttle.push({ retryAfter });
  },
  setDown(down) {
    faults.down = down;
  },
  setHang(hang) {
    faults.hang = hang;
    if (!hang) for (const res of hanging) res.destroy();
  },
  /** Every token issued so far is refused from now on as expired. */
  expireIssuedTokens() {
    for (const jti of issuedJti) expiredJti.add(jti);
  },
  /** Every token, even a fresh one, is refused as expired. */
  setExpireAll(expireAll) {
    faults.expireAll = expireAll;
  },
  foreignNextLinkOnce() {
    faults.foreignNextLink = 1;
  },
  /** A token the OpenID server signs for the app with any claims (for checking the stand-in). */
  async buildToken(claims) {
    return oidc.issuer.buildToken({
      scopesOrTransform: (_header, payload) =>
        Object.assign(payload, { jti: randomUUID() }, claims),
    });
  },
};

async function stop() {
  for (const res of hanging) res.destroy();
  await Promise.allSettled([
    oidc?.stop(),
    graph &&
      new Promise((resolve) => {
        graph.closeAllConnections();
        graph.close(resolve);
      }),
  ]);
}

process.on('message', async (message) => {
  try {
    if (message.type === 'start') {
      config = message.config;
      const issuer = await startOidc();
      const base = await startGraph();
      process.send({ type: 'ready', issuer, graphBaseUrl: base });
    } else if (message.type === 'call') {
      const value = await calls[message.name](...(message.args ?? []));
      process.send({ type: 'result', id: message.id, value: value ?? null });
    } else if (message.type === 'stop') {
      await stop();
      process.disconnect();
      process.exit(0);
    }
  } catch (err) {
    process.send({ type: 'error', id: message.id, message: String(err?.stack ?? err) });
  }
});

// The test process went away: go too.
process.on('disconnect', () => {
  stop().finally(() => process.exit(0));
});
setTimeout(() => {
  process.stderr.write('identity stand-ins: still running after 10 minutes, exiting\n');
  process.exit(1);
}, 600_000).unref();
