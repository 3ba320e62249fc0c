/**
 * A round-robin HTTP splitter in front of several bot instances, as a load balancer would be: each
 * request goes to the next instance in turn (whichever connection it came on), its method, path,
 * headers and body forwarded over a keep-alive connection to that instance, the response streamed
 * back. Hop-by-hop headers are not forwarded (RFC 9110 §7.6.1).
 *
 * startSplitter runs it in this process; startSplitterProcess in a process of its own
 * (`node splitter.js <upstream URL>…`, which says where it listens over IPC), as a load balancer
 * would be, so that it does not share an event loop with the load generator.
 */
import { fork } from 'node:child_process';
import {
  Agent,
  createServer,
  request,
  type IncomingHttpHeaders,
  type OutgoingHttpHeaders,
  type Server,
} from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Splitter {
  /** http://127.0.0.1:<port> */
  url: string;
  /** Requests sent to each upstream so far, in the order given (in this process only). */
  counts(): number[];
  close(): Promise<void>;
}

const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'proxy-authenticate',
  'proxy-authorization',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
]);

function forwarded(headers: IncomingHttpHeaders, host?: string): OutgoingHttpHeaders {
  const out: OutgoingHttpHeaders = {};
  for (const [name, value] of Object.entries(headers))
    if (value !== undefined && !HOP_BY_HOP.has(name)) out[name] = value;
  if (host) out.host = host;
  return out;
}

export async function startSplitter(upstreams: readonly string[]): Promise<Splitter> {
  if (upstreams.length === 0) throw new Error('a splitter needs at least one upstream');
  const targets = upstreams.map((u) => {
    const url = new URL(u);
    return {
      hostname: url.hostname,
      port: Number(url.port),
      host: url.host,
      agent: new Agent({ keepAlive: true, maxSockets: 64, keepAliveMsecs: 10_000 }),
    };
  });
  const sent = targets.map(() => 0);
  let next = 0;
  const server: Server = createServer((req, res) => {
    const index = next;
    next = (next + 1) % targets.length;
    const target = targets[index];
    if (!target) return;
    sent[index] = (sent[index] ?? 0) + 1;
    const upstream = request(
      {
        hostname: target.hostname,
        port: target.port,
        method: req.method,
        path: req.url,
        headers: forwarded(req.headers, target.host),
        agent: target.agent,
      },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.statusMessage, forwarded(answer.headers));
        answer.pipe(res);
        answer.on('error', () => res.destroy());
      },
    );
    upstream.on('error', (err) => {
      if (res.headersSent) {
        res.destroy();
        return;
      }
      const body = JSON.stringify({
        error: {
          code: 'BadGateway',
          message: `the splitter could not reach instance ${index + 1}: ${err.message}`,
        },
      });
      res.writeHead(502, {
        'content-type': 'application/json',
        'content-length': String(Buffer.byteLength(body)),
      });
      res.end(body);
    });
    req.pipe(upstream);
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    counts: () => [...sent],
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      for (const t of targets) t.agent.destroy();
    },
  };
}

type SplitterMessage = { type: 'ready'; url: string } | { type: 'failed'; message: string };

/** The splitter in a child process; close() ends it. */
export async function startSplitterProcess(upstreams: readonly string[]): Promise<Splitter> {
  const child = fork(__filename, [...upstreams], {
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    execArgv: [],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString('utf8')).slice(-2000);
  });
  const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error('the splitter did not start within 10 s')),
      10_000,
    );
    child.once('message', (message: SplitterMessage) => {
      clearTimeout(timer);
      if (message.type === 'ready') resolve(message.url);
      else reject(new Error(`the splitter did not start: ${message.message}`));
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the splitter exited (${code ?? 'signal'}): ${stderr}`));
    });
  });
  return {
    url,
    counts: () => [],
    close: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await gone;
    },
  };
}

if (require.main === module) {
  const send = (message: SplitterMessage) => process.send?.(message);
  startSplitter(process.argv.slice(2)).then(
    (splitter) => {
      send({ type: 'ready', url: splitter.url });
      const stop = () => void splitter.close().finally(() => process.exit(0));
      process.once('SIGTERM', stop);
      // The bench went away: do not outlive it.
      process.once('disconnect', stop);
    },
    (err: unknown) => {
      send({ type: 'failed', message: err instanceof Error ? err.message : String(err) });
      process.exit(1);
    },
  );
}
