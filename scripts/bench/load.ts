/**
 * HTTP load with autocannon's programmatic API: `connections` connections POST activities to
 * /api/messages for warm-up + measured seconds, one request at a time per connection. Latencies
 * and throughput are taken from the measured part only (autocannon's own figures would include
 * the warm-up), so the warm-up and the measurement are one run and nothing is cut in between.
 */
import autocannon from 'autocannon';

export interface LoadSpec {
  /** http://host:port of the bot. */
  url: string;
  connections: number;
  /** The number of the first connection (default 0); the others follow. */
  firstConnection?: number;
  warmupSeconds: number;
  seconds: number;
  /** The JSON body of a connection's next request (connections are numbered from 0). */
  body(connection: number): string;
  /** Each response, with its body; return why it is wrong, or undefined. */
  check?(connection: number, status: number, body: string): string | undefined;
  /** Called once when the warm-up is over and measuring starts. */
  onMeasure?(): void;
}

export interface LoadResult {
  /** Responses completed in the measured part. */
  requests: number;
  /** All responses, warm-up included. */
  allResponses: number;
  rps: number;
  p50: number;
  p99: number;
  max: number;
  measuredSeconds: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  checked: number;
  failures: number;
  samples: string[];
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index] ?? NaN;
}

export function runLoad(spec: LoadSpec): Promise<LoadResult> {
  const latencies: number[] = [];
  let measuring = false;
  let measureStart = 0;
  let allResponses = 0;
  let non2xx = 0;
  let checked = 0;
  let failures = 0;
  const samples: string[] = [];
  let nextConnection = 0;
  const headers = { 'content-type': 'application/json' };

  return new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url: `${spec.url}/api/messages`,
        method: 'POST',
        headers,
        connections: spec.connections,
        duration: spec.warmupSeconds + spec.seconds,
        timeout: 20,
        setupClient: (client) => {
          const connection = (spec.firstConnection ?? 0) + nextConnection++;
          client.setRequests([
            {
              method: 'POST',
              path: '/api/messages',
              headers,
              setupRequest: (request) => ({ ...request, body: spec.body(connection) }),
              onResponse: (status, body) => {
                if (!spec.check) return;
                checked += 1;
                const problem = spec.check(connection, status, body);
                if (problem) {
                  failures += 1;
                  if (samples.length < 3) samples.push(`connection ${connection}: ${problem}`);
                }
              },
            },
          ]);
        },
      },
      (err: unknown, result: autocannon.Result) => {
        clearTimeout(timer);
        if (err) {
          reject(err instanceof Error ? err : new Error(String(err)));
          return;
        }
        const measuredSeconds = measuring ? (performance.now() - measureStart) / 1000 : 0;
        latencies.sort((a, b) => a - b);
        resolve({
          requests: latencies.length,
          allResponses,
          rps: measuredSeconds > 0 ? latencies.length / measuredSeconds : 0,
          p50: percentile(latencies, 50),
          p99: percentile(latencies, 99),
          max: latencies[latencies.length - 1] ?? NaN,
          measuredSeconds,
          non2xx,
          errors: result.errors,
          timeouts: result.timeouts,
          checked,
          failures,
          samples,
        });
      },
    );
    instance.on(
      'response',
      (_client: autocannon.Client, status: number, _bytes: number, responseTime: number) => {
        allResponses += 1;
        if (status < 200 || status >= 300) non2xx += 1;
        if (measuring) latencies.push(responseTime);
      },
    );
    const timer = setTimeout(() => {
      measuring = true;
      measureStart = performance.now();
      spec.onMeasure?.();
    }, spec.warmupSeconds * 1000);
  });
}
