// An HTTP proxy on 127.0.0.1 in front of one Consul cluster that records every request the provider sends, so a
// test can prove that a failing validate/plan made no write: the fault proxy (test/support/fault-proxy.ts) with no
// injected answer.
import { startFaultProxy } from '../../support/fault-proxy';

/** A running proxy. */
export interface RecordingProxy {
  /** `http://127.0.0.1:PORT`, to use as the provider's address. */
  readonly address: string;
  /** `METHOD /path` of every request so far. */
  readonly requests: string[];
  close(): Promise<void>;
}

/** Starts a proxy forwarding to `target` (`http://127.0.0.1:PORT`). */
export async function startRecordingProxy(target: string): Promise<RecordingProxy> {
  const { address, requests, close } = await startFaultProxy(target);
  return { address, requests, close };
}
