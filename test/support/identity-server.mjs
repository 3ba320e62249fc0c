/**
 * The identity side of the Bot Framework on loopback, run in its own Node process by
 * test/support/identity.ts (jest cannot load the ESM-only oauth2-mock-server and jose; Node can).
 *
 * - Microsoft Entra ID: oauth2-mock-server over HTTPS with the test certificate. It issues the
 *   bot's client-credentials tokens (aud = the requested scope without "/.default") only for the
 *   right client id and secret.
 * - The Bot Framework channel's OpenID metadata over plain HTTP (botbuilder has no hook for a
 *   custom CA): `/v1/.well-known/openidconfiguration` whose `jwks_uri` gives the channel's
 *   signing key, endorsed for msteams, as login.botframework.com does.
 *
 * The parent talks to it over IPC: { id, op, ... } in, { id, ok, result | error } out.
 *   channelToken { claims, omit, expiresIn, foreignKey } -> a channel token (RS256)
 *   verify { token, audience } -> { valid, claims | reason }: jose against the Entra JWKS
 *   stats -> { clientCredentialRequests, refusedClientCredentialRequests }
 *   stop
 */
import { Buffer } from 'node:buffer';
import { createServer } from 'node:http';
import { URL } from 'node:url';
import { JWKStore, OAuth2Server } from 'oauth2-mock-server';
import { createRemoteJWKSet, importJWK, jwtVerify, SignJWT } from 'jose';

const env = process.env;
const CHANNEL_ISSUER = env.IDENTITY_CHANNEL_ISSUER;
const CHANNEL_KID = 'bf-channel-signing-key';

const send = (message) => process.send?.(message);

async function main() {
  const entra = new OAuth2Server(env.IDENTITY_KEY_FILE, env.IDENTITY_CERT_FILE);
  await entra.issuer.keys.generate('RS256');
  const stats = { clientCredentialRequests: 0, refusedClientCredentialRequests: 0 };

  // Client credentials: only the bot's own id and secret get a token, for the scope it asked.
  entra.service.on('beforeResponse', (response, req) => {
    if (req.body?.grant_type !== 'client_credentials') return;
    stats.clientCredentialRequests += 1;
    if (
      req.body.client_id !== env.IDENTITY_CLIENT_ID ||
      req.body.client_secret !== env.IDENTITY_CLIENT_SECRET
    ) {
      stats.refusedClientCredentialRequests += 1;
      response.statusCode = 401;
      response.body = {
        error: 'invalid_client',
        error_description: 'The client id or secret is not valid.',
      };
    }
  });
  entra.service.on('beforeTokenSigning', (token, req) => {
    if (req.body?.grant_type !== 'client_credentials') return;
    const scopes = String(req.body.scope ?? '').split(' ');
    const resource = scopes.find((s) => s.endsWith('/.default'));
    if (resource) token.payload.aud = resource.slice(0, -'/.default'.length);
    token.payload.appid = req.body.client_id;
    token.payload.azp = req.body.client_id;
    token.payload.sub = req.body.client_id;
    token.payload.tid = env.IDENTITY_TENANT_ID;
  });
  await entra.start(0, '127.0.0.1');
  const issuer = entra.issuer.url;

  // The Bot Framework channel's signing key, and an impostor's key that claims the same kid.
  const channelKeys = new JWKStore();
  await channelKeys.generate('RS256', { kid: CHANNEL_KID });
  const impostorKeys = new JWKStore();
  await impostorKeys.generate('RS256', { kid: CHANNEL_KID });

  const metadata = createServer((req, res) => {
    const path = (req.url ?? '').split('?')[0];
    const base = `http://127.0.0.1:${metadata.address().port}`;
    const json = (status, body) => {
      const text = JSON.stringify(body);
      res.writeHead(status, {
        'content-type': 'application/json',
        'content-length': Buffer.byteLength(text),
      });
      res.end(text);
    };
    if (req.method === 'GET' && path === '/v1/.well-known/openidconfiguration') {
      json(200, {
        issuer: CHANNEL_ISSUER,
        authorization_endpoint: `${base}/v1/authorize`,
        jwks_uri: `${base}/v1/.well-known/keys`,
        id_token_signing_alg_values_supported: ['RS256'],
        token_endpoint_auth_methods_supported: ['private_key_jwt'],
      });
    } else if (req.method === 'GET' && path === '/v1/.well-known/keys') {
      json(200, {
        keys: channelKeys
          .toJSON(false)
          .map((key) => ({ ...key, use: 'sig', endorsements: ['msteams'] })),
      });
    } else {
      json(404, { error: 'not found' });
    }
  });
  await new Promise((resolve) => metadata.listen(0, '127.0.0.1', resolve));

  const entraKeySet = createRemoteJWKSet(new URL(`${issuer}/jwks`));

  async function channelToken({ claims = {}, omit = [], expiresIn = 3600, foreignKey = false }) {
    const store = foreignKey ? impostorKeys : channelKeys;
    const jwk = store.toJSON(true).find((k) => k.kid === CHANNEL_KID);
    const key = await importJWK(jwk, 'RS256');
    const now = Math.floor(Date.now() / 1000);
    const payload = {
      iss: CHANNEL_ISSUER,
      aud: env.IDENTITY_CLIENT_ID,
      iat: now,
      nbf: now - 10,
      exp: now + expiresIn,
      ...claims,
    };
    for (const name of omit) delete payload[name];
    return new SignJWT(payload)
      .setProtectedHeader({ alg: 'RS256', kid: CHANNEL_KID, typ: 'JWT' })
      .sign(key);
  }

  async function verify({ token, audience }) {
    try {
      const { payload } = await jwtVerify(token, entraKeySet, {
        issuer,
        audience,
        algorithms: ['RS256'],
      });
      return { valid: true, claims: payload };
    } catch (err) {
      return { valid: false, reason: err.code ?? err.name ?? 'invalid' };
    }
  }

  let stopping;
  const stop = () => {
    stopping ??= (async () => {
      await entra.stop();
      metadata.closeAllConnections();
      await new Promise((resolve) => metadata.close(resolve));
    })();
    return stopping;
  };

  process.on('message', (message) => {
    const { id, op } = message;
    const work =
      op === 'channelToken'
        ? channelToken(message)
        : op === 'verify'
          ? verify(message)
          : op === 'stats'
            ? Promise.resolve({ ...stats })
            : op === 'stop'
              ? stop()
              : Promise.reject(new Error(`unknown op ${op}`));
    work.then(
      (result) => {
        send({ id, ok: true, result: result ?? null });
        if (op === 'stop') process.disconnect();
      },
      (err) => send({ id, ok: false, error: String(err?.message ?? err) }),
    );
  });
  // The parent went away without stopping us: do not linger.
  process.on('disconnect', () => {
    stop().finally(() => process.exit(0));
  });

  send({
    type: 'ready',
    issuer,
    metadataUrl: `http://127.0.0.1:${metadata.address().port}/v1/.well-known/openidconfiguration`,
  });
}

main().catch((err) => {
  send({ type: 'failed', error: String(err?.stack ?? err) });
  process.exit(1);
});
