import http from 'node:http';

/** Outcome of one call between emulated clusters. */
export type PeerCallResult = { ok: true; status: number; json: Record<string, unknown> } | { ok: false; error: string };

/**
 * POSTs JSON to another emulated cluster's peer endpoint (`host:port`), never throwing. `signal` aborts the call (its
 * socket destroyed) when the calling cluster goes down, as a killed server's calls die with it.
 */
export function postToPeer(address: string, path: string, body: unknown, timeoutMs: number, signal?: AbortSignal): Promise<PeerCallResult> {
  const match = /^(.*):(\d+)$/.exec(address);
  if (match === null) return Promise.resolve({ ok: false, error: `dial tcp ${address}: missing port in address` });
  const payload = JSON.stringify(body);
  return new Promise((resolve) => {
    const req = http.request({
      host: match[1], port: Number(match[2]), path, method: 'POST', agent: false, timeout: timeoutMs, ...(signal === undefined ? {} : { signal }),
      headers: { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(payload) },
    }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        try {
          resolve({ ok: true, status: res.statusCode ?? 0, json: JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown> });
        } catch {
          resolve({ ok: false, error: 'malformed answer' });
        }
      });
      res.on('error', (error) => resolve({ ok: false, error: error.message }));
    });
    req.on('timeout', () => req.destroy(new Error('i/o timeout')));
    req.on('error', (error: NodeJS.ErrnoException) => {
      const reason = error.code === 'ECONNREFUSED' ? 'connect: connection refused'
        : error.code === 'ECONNRESET' ? 'connection reset by peer' : error.message;
      resolve({ ok: false, error: `dial tcp ${address}: ${reason}` });
    });
    req.end(payload);
  });
}

/** go-multierror's rendering, which Consul uses for the establish failure text. */
export function multiError(errors: readonly string[]): string {
  const head = errors.length === 1 ? '1 error occurred:' : `${errors.length} errors occurred:`;
  return `${head}\n${errors.map((error) => `\t* ${error}`).join('\n')}\n\n`;
}
