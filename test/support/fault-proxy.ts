// An HTTP proxy on 127.0.0.1 in front of one cluster (real Consul or the emulator alike) that records every request
// and answers chosen routes itself: an injected status (429, 5xx) instead of forwarding, or after forwarding (the
// write happened, its answer was lost). Both backends share this one mechanism in the HTTP fault suites.
import * as http from 'node:http';
import * as net from 'node:net';

/** One injected answer. */
export interface InjectedAnswer {
  /** Only requests with this method (default: any). */
  readonly method?: string;
  /** Request path without the query string, exactly or by pattern. */
  readonly path: string | RegExp;
  readonly status: number;
  /** Plain-text body (Consul's error bodies are plain text). */
  readonly body?: string;
  /** Forward the request first and replace Consul's answer (default: answer without forwarding). */
  readonly afterForwarding?: boolean;
  /** How many matching requests it applies to (default: all). */
  readonly times?: number;
}

/** A running fault proxy. */
export interface FaultProxy {
  /** `http://127.0.0.1:PORT`, to use as the provider's address. */
  readonly address: string;
  /** `METHOD /path` of every request so far. */
  readonly requests: string[];
  /** Adds an injected answer; returns a function that removes it. */
  inject(answer: InjectedAnswer): () => void;
  /** Removes every injected answer. */
  clear(): void;
  /** Stops listening (the address becomes unreachable: connections refused) or listens again on the same port. */
  setReachable(reachable: boolean): Promise<void>;
  close(): Promise<void>;
}

const matches = (answer: InjectedAnswer, method: string, path: string): boolean =>
  (answer.method === undefined || answer.method === method) && (typeof answer.path === 'string' ? answer.path === path : answer.path.test(path));

/** Starts a fault proxy forwarding to `target` (`http://127.0.0.1:PORT`). */
export async function startFaultProxy(target: string): Promise<FaultProxy> {
  const upstream = new URL(target);
  const requests: string[] = [];
  const answers: { answer: InjectedAnswer; remaining: number }[] = [];
  const take = (method: string, path: string): InjectedAnswer | undefined => {
    const entry = answers.find(({ answer, remaining }) => remaining > 0 && matches(answer, method, path));
    if (entry !== undefined) entry.remaining -= 1;
    return entry?.answer;
  };
  const server = http.createServer((request, response) => {
    const method = request.method ?? '?';
    const path = (request.url ?? '').split('?')[0] ?? '';
    requests.push(`${method} ${path}`);
    const injected = take(method, path);
    const answerInjected = (fault: InjectedAnswer): void => {
      response.writeHead(fault.status, { 'Content-Type': 'text/plain; charset=utf-8' });
      response.end(fault.body ?? '');
    };
    if (injected !== undefined && injected.afterForwarding !== true) {
      request.resume();
      request.on('end', () => answerInjected(injected));
      return;
    }
    const forward = http.request({
      hostname: upstream.hostname, port: upstream.port, method, path: request.url, headers: request.headers,
    }, (answer) => {
      if (injected !== undefined) {
        answer.resume();
        answer.on('end', () => answerInjected(injected));
        return;
      }
      response.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(response);
    });
    forward.on('error', (error) => {
      response.writeHead(502);
      response.end(error.message);
    });
    request.pipe(forward);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (typeof address !== 'object' || address === null) throw new Error('proxy has no address');
  const stop = (): Promise<void> => new Promise((resolve) => {
    if (!server.listening) {
      resolve();
      return;
    }
    server.closeAllConnections();
    server.close(() => resolve());
  });
  return {
    address: `http://127.0.0.1:${address.port}`,
    requests,
    inject: (answer) => {
      const entry = { answer, remaining: answer.times ?? Number.POSITIVE_INFINITY };
      answers.push(entry);
      return () => {
        const at = answers.indexOf(entry);
        if (at >= 0) answers.splice(at, 1);
      };
    },
    clear: () => {
      answers.length = 0;
    },
    setReachable: async (reachable) => {
      if (!reachable) return stop();
      if (server.listening) return undefined;
      return new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(address.port, '127.0.0.1', () => {
          server.off('error', reject);
          resolve();
        });
      });
    },
    close: stop,
  };
}

/** `http://127.0.0.1:PORT` where nothing listens (a port taken from the OS and released at once). */
export async function unreachableAddress(): Promise<string> {
  const probe = net.createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as net.AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}
