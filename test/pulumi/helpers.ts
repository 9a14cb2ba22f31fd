import * as pulumi from '@pulumi/pulumi';

/** The marker Pulumi puts on serialized secret values. */
const SECRET_SIG = '4dabf18193072939515e22adb298388d';

/** True when a serialized property value is a Pulumi secret. */
export function isSerializedSecret(value: unknown): boolean {
  return typeof value === 'object' && value !== null && (value as Record<string, unknown>)[SECRET_SIG] === '1b47061264138c4ac30d75fd1eb44270';
}

/** A value with Pulumi's secret wrappers removed, at any depth. */
export function unwrapSecrets(value: unknown): unknown {
  if (isSerializedSecret(value)) return unwrapSecrets((value as { value: unknown }).value);
  if (Array.isArray(value)) return value.map(unwrapSecrets);
  if (typeof value === 'object' && value !== null) return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, unwrapSecrets(item)]));
  return value;
}

/** One registration as the engine would receive it (from the mock monitor's request). */
export interface Registration {
  readonly type: string;
  readonly name: string;
  readonly parent: string;
  readonly dependencies: string[];
  readonly additionalSecretOutputs: string[];
  readonly deleteBeforeReplace: boolean;
  /** Serialized inputs (secrets still wrapped). */
  readonly object: Record<string, unknown>;
  /** Inputs with secrets unwrapped, as the mocks see them. */
  readonly inputs: Record<string, unknown>;
}

interface RegisterRequest {
  getType(): string;
  getName(): string;
  getParent(): string;
  getDependenciesList(): string[];
  getAdditionalsecretoutputsList(): string[];
  getDeletebeforereplace(): boolean;
  getObject(): { toJavaScript(): Record<string, unknown> } | undefined;
}

/**
 * Installs Pulumi mocks that record every registration with its options (parent, dependencies, secret outputs,
 * delete-before-replace) in order; `state` gives the outputs a resource gets (default: its inputs).
 */
export async function recordRegistrations(
  state: (type: string, name: string, inputs: Record<string, unknown>) => Record<string, unknown> = (_type, _name, inputs) => inputs,
  project = 'project', stack = 'dev',
): Promise<Registration[]> {
  // Mocks have no cluster to ask: the permission preflight is off (as a user would turn it off for offline tests).
  process.env['CONSUL_PEERING_PREFLIGHT'] = 'off';
  const registrations: Registration[] = [];
  const inputsByName = new Map<string, Record<string, unknown>>();
  await pulumi.runtime.setMocks({
    newResource: (args) => {
      inputsByName.set(`${args.type}::${args.name}`, args.inputs as Record<string, unknown>);
      return { id: `${args.name}-id`, state: state(args.type, args.name, unwrapSecrets(args.inputs) as Record<string, unknown>) };
    },
    call: (args) => args.inputs as Record<string, unknown>,
  }, project, stack, false);
  const monitor = pulumi.runtime.getMonitor() as unknown as { registerResource(req: RegisterRequest, callback: unknown): Promise<void> };
  const original = monitor.registerResource.bind(monitor);
  monitor.registerResource = async (req, callback) => {
    // Recorded when the request is sent: a resource is sent only once the resources it depends on are registered.
    const key = `${req.getType()}::${req.getName()}`;
    registrations.push({
      type: req.getType(),
      name: req.getName(),
      parent: req.getParent(),
      dependencies: req.getDependenciesList(),
      additionalSecretOutputs: req.getAdditionalsecretoutputsList(),
      deleteBeforeReplace: req.getDeletebeforereplace(),
      object: req.getObject()?.toJavaScript() ?? {},
      get inputs() {
        return unwrapSecrets(inputsByName.get(key) ?? {}) as Record<string, unknown>;
      },
    });
    await original(req, callback);
  };
  return registrations;
}

/** Resolves an output's value (under mocks every value is known). */
export function valueOf<T>(output: pulumi.Output<T>): Promise<T> {
  return new Promise((resolve) => output.apply((value) => {
    resolve(value);
    return value;
  }));
}

/** Waits until Pulumi has finished every registration started so far. */
export async function settle(): Promise<void> {
  for (let i = 0; i < 20; i += 1) await new Promise((resolve) => setImmediate(resolve));
}
