import { X509Certificate } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import https from 'node:https';
import { join } from 'node:path';
import type { INetworkModule, NetworkRequestOptions, NetworkResponse } from '@azure/msal-node';
import { generate } from 'selfsigned';

/**
 * HTTPS on loopback for identity tests: a self-signed test certificate (its own CA), and HTTP
 * clients that trust it and nothing else (an https.Agent with `ca`), for MSAL and for fetch.
 */

export interface TestCertificate {
  keyPath: string;
  certPath: string;
  /** PEM, PKCS#8 ("BEGIN PRIVATE KEY"), as MSAL wants a certificate credential's key. */
  key: string;
  cert: string;
  /** SHA-256 thumbprint, 64 lower-case hex digits. */
  thumbprintSha256: string;
}

/**
 * A fresh RSA key and self-signed certificate (its own CA, valid 2 days), written to `dir`,
 * for localhost and 127.0.0.1 by default (selfsigned: no openssl binary needed).
 */
export async function makeTestCertificate(
  dir: string,
  name: string,
  subject = 'localhost',
  altNames: { dns: string[]; ips: string[] } = { dns: ['localhost'], ips: ['127.0.0.1'] },
): Promise<TestCertificate> {
  const pems = await generate([{ name: 'commonName', value: subject }], {
    keySize: 2048,
    algorithm: 'sha256',
    notAfterDate: new Date(Date.now() + 2 * 24 * 3600 * 1000),
    extensions: [
      { name: 'basicConstraints', cA: true },
      {
        name: 'subjectAltName',
        altNames: [
          ...altNames.dns.map((value) => ({ type: 2 as const, value })),
          ...altNames.ips.map((ip) => ({ type: 7 as const, ip })),
        ],
      },
    ],
  });
  const keyPath = join(dir, `${name}.key.pem`);
  const certPath = join(dir, `${name}.cert.pem`);
  await Promise.all([
    writeFile(keyPath, pems.private, { mode: 0o600 }),
    writeFile(certPath, pems.cert),
  ]);
  const thumbprintSha256 = new X509Certificate(pems.cert).fingerprint256
    .replace(/:/g, '')
    .toLowerCase();
  return { keyPath, certPath, key: pems.private, cert: pems.cert, thumbprintSha256 };
}

interface RawResponse {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

function request(
  agent: https.Agent,
  url: string,
  method: string,
  headers: Record<string, string>,
  body: string | undefined,
  signal: AbortSignal | undefined,
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = https.request(
      url,
      { method, agent, headers, ...(signal ? { signal } : {}) },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('error', reject);
        res.on('end', () => {
          const flat: Record<string, string> = {};
          for (const [name, value] of Object.entries(res.headers))
            if (value !== undefined) flat[name] = Array.isArray(value) ? value.join(', ') : value;
          resolve({ status: res.statusCode ?? 0, headers: flat, body: Buffer.concat(chunks) });
        });
      },
    );
    req.on('error', reject);
    if (body !== undefined) req.write(body);
    req.end();
  });
}

/** MSAL's HTTP client (INetworkModule), trusting only `ca`. */
export function trustingNetworkClient(ca: string): INetworkModule & { close(): void } {
  const agent = new https.Agent({ ca, keepAlive: false });
  const send = async <T>(
    method: string,
    url: string,
    options?: NetworkRequestOptions,
    timeout?: number,
  ): Promise<NetworkResponse<T>> => {
    const res = await request(
      agent,
      url,
      method,
      options?.headers ?? {},
      options?.body,
      timeout ? AbortSignal.timeout(timeout) : undefined,
    );
    const text = res.body.toString('utf8');
    return { status: res.status, headers: res.headers, body: (text ? JSON.parse(text) : {}) as T };
  };
  return {
    sendGetRequestAsync: <T>(url: string, options?: NetworkRequestOptions, timeout?: number) =>
      send<T>('GET', url, options, timeout),
    sendPostRequestAsync: <T>(url: string, options?: NetworkRequestOptions) =>
      send<T>('POST', url, options),
    close: () => agent.destroy(),
  };
}

export type TrustingFetch = ((
  url: string,
  init?: { method?: string; headers?: Record<string, string>; signal?: AbortSignal },
) => Promise<Response>) & { close(): void };

/** A fetch (GET/POST, string bodies) trusting only `ca`. */
export function trustingFetch(ca: string): TrustingFetch {
  const agent = new https.Agent({ ca, keepAlive: false });
  const f = async (
    url: string,
    init: { method?: string; headers?: Record<string, string>; signal?: AbortSignal } = {},
  ) => {
    const res = await request(
      agent,
      url,
      init.method ?? 'GET',
      init.headers ?? {},
      undefined,
      init.signal,
    );
    const empty = res.status === 204 || res.status === 304;
    return new Response(empty ? null : new Uint8Array(res.body), {
      status: res.status,
      headers: res.headers,
    });
  };
  return Object.assign(f, { close: () => agent.destroy() });
}
