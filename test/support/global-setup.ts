import { ensureConsulBinary } from '../harness/consul-binary';
import { selectedBackends } from './backends';

/** Before any suite: make sure every selected backend can run (builds real Consul once if needed). */
export default async function globalSetup(): Promise<void> {
  const backends = selectedBackends();
  if (backends.includes('consul')) {
    const binary = await ensureConsulBinary();
    process.env['CONSUL_BIN'] ??= binary;
  }
  process.stdout.write(`\nintegration backends: ${backends.join(', ')}\n`);
}
