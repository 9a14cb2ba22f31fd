import { startSimulator } from './index';

const USAGE = 'usage: consul-peering-sim [--clusters dc1,dc2] [--port 0] [--acl]';

/** Parses the CLI flags; throws with a one-line message on bad input. */
export function parseSimArgs(argv: readonly string[]): { clusters: string[]; port: number; acl: boolean } {
  const options = { clusters: ['dc1', 'dc2'], port: 0, acl: false };
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i] ?? '';
    const [flag, inline] = arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = (): string => {
      const next = inline ?? argv[(i += 1)];
      if (next === undefined || next === '') throw new Error(`${flag} needs a value; ${USAGE}`);
      return next;
    };
    if (flag === '--clusters') options.clusters = value().split(',').map((name) => name.trim()).filter((name) => name !== '');
    else if (flag === '--port') {
      const raw = value();
      if (!/^\d+$/.test(raw) || Number(raw) > 65535) throw new Error(`--port must be a port number, got "${raw}"`);
      options.port = Number(raw);
    } else if (flag === '--acl') options.acl = true;
    else if (flag === '--help' || flag === '-h') throw new Error(USAGE);
    else throw new Error(`unknown flag ${arg}; ${USAGE}`);
  }
  if (options.clusters.length === 0) throw new Error(`--clusters names no cluster; ${USAGE}`);
  return options;
}

/** Runs the emulator until SIGTERM/SIGINT; prints exactly one JSON ready line on stdout. */
export async function main(argv: readonly string[]): Promise<void> {
  let options: ReturnType<typeof parseSimArgs>;
  try {
    options = parseSimArgs(argv);
  } catch (error) {
    process.stderr.write(`consul-peering-sim: ${(error as Error).message}\n`);
    process.exitCode = 2;
    return;
  }
  const sim = await startSimulator(options);
  const ready = { clusters: sim.clusters.map((cluster) => ({ name: cluster.datacenter, address: cluster.address, token: cluster.token })) };
  process.stdout.write(`${JSON.stringify(ready)}\n`);
  const stop = (): void => {
    void sim.stop().then(() => process.exit(0));
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}
