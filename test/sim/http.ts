/** A tiny fetch wrapper for emulator/Consul tests that speak plain HTTP (no project client involved). */
export interface HttpAnswer {
  readonly status: number;
  readonly contentType: string | null;
  readonly text: string;
  json<T = unknown>(): T;
}

/** Sends one request to `address` (http://127.0.0.1:PORT) with an optional token; never follows redirects. */
export async function call(address: string, method: string, path: string, body?: unknown, token?: string | null): Promise<HttpAnswer> {
  const headers: Record<string, string> = {};
  if (token !== undefined && token !== null) headers['X-Consul-Token'] = token;
  const response = await fetch(`${address}${path}`, {
    method, headers, ...(body === undefined ? {} : { body: JSON.stringify(body) }), signal: AbortSignal.timeout(15_000),
  });
  const text = await response.text();
  return { status: response.status, contentType: response.headers.get('content-type'), text, json: <T>() => JSON.parse(text) as T };
}

/** Polls `read` until `done` holds (deadline `timeoutMs`), returning the last value. */
export async function pollUntil<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
