import { createServer, request, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startConnector, type ConnectorStandIn } from './connector';

/** A request the guard turned away, and why. */
export interface RefusedRequest {
  method: string;
  url: string;
  reason: string;
}

export interface GuardedConnector extends ConnectorStandIn {
  /** Requests refused for want of a valid bearer token (never passed on). */
  refused(): RefusedRequest[];
  /** The claims of every token the guard accepted, oldest first. */
  acceptedTokens(): Record<string, unknown>[];
}

/** Says whether a bearer token is good (jose against the identity server's keys, in the tests). */
export type TokenCheck = (
  token: string,
) => Promise<{ valid: boolean; claims?: Record<string, unknown>; reason?: string }>;

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/**
 * The channel connector as the real one behaves towards a bot: every request must carry
 * `Authorization: Bearer <the bot's token>`; anything else is answered 401 and goes no further.
 * Requests with a good token reach the recording stand-in of ./connector behind it.
 */
export async function startGuardedConnector(check: TokenCheck): Promise<GuardedConnector> {
  const inner = await startConnector();
  const innerUrl = new URL(inner.serviceUrl);
  const refused: RefusedRequest[] = [];
  const accepted: Record<string, unknown>[] = [];

  const server = createServer((req, res) => {
    void (async () => {
      const body = await readBody(req);
      const header = req.headers.authorization ?? '';
      const match = /^Bearer (\S+)$/.exec(header);
      const verdict = match?.[1]
        ? await check(match[1])
        : { valid: false, reason: header ? 'not a bearer token' : 'no Authorization header' };
      if (!verdict.valid) {
        refused.push({
          method: req.method ?? '',
          url: req.url ?? '',
          reason: verdict.reason ?? 'invalid',
        });
        res.writeHead(401, { 'content-type': 'application/json' });
        res.end(
          JSON.stringify({
            error: { code: 'Unauthorized', message: 'A valid bearer token is required.' },
          }),
        );
        return;
      }
      accepted.push(verdict.claims ?? {});
      const forwarded = request(
        {
          host: innerUrl.hostname,
          port: innerUrl.port,
          method: req.method,
          path: req.url,
          headers: { ...req.headers, host: innerUrl.host, 'content-length': String(body.length) },
        },
        (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        },
      );
      forwarded.on('error', (err) => {
        if (!res.headersSent) res.writeHead(502);
        res.end(String(err));
      });
      forwarded.end(body);
    })().catch((err: unknown) => {
      if (!res.headersSent) res.writeHead(500);
      res.end(String(err));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  return {
    ...inner,
    serviceUrl: `http://127.0.0.1:${port}`,
    refused: () => [...refused],
    acceptedTokens: () => [...accepted],
    clear: () => {
      inner.clear();
      refused.length = 0;
      accepted.length = 0;
    },
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await inner.close();
    },
  };
}
