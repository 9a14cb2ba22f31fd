import type * as pulumi from '@pulumi/pulumi';
import { RESOURCES, type ResourceClassName } from '../core/registry';
import type { ProviderRuntime, ResourceKind } from './runtime';
import type { ProviderConfig } from './settings';

type Props = Record<string, unknown>;

/** The package specifier a serialized provider loads its implementation from (resolved from the Pulumi program's directory). */
export const RUNTIME_MODULE = 'consul-peering/pulumi';

/**
 * The Pulumi dynamic provider of one core resource. Pulumi serializes it into state (`__provider`) and runs that copy
 * in its provider process, so it holds two plain strings only — which resource, and which module to load the
 * implementation from — and `require`s that module inside each call: no client, no credential and no module of this
 * package is captured (the closure serializer would copy local modules by value and fail on their dependencies).
 * Connection settings come with each resource (`connection`, stored as a secret) or from `configure`.
 */
export class CoreProvider implements pulumi.dynamic.ResourceProvider<Props, Props> {
  /** Settings from the stack config; set by `configure` in the provider process, after serialization. */
  private configured: ProviderConfig | undefined;

  /** `runtimeModule`: override only to run providers against another build of this package (tests). */
  constructor(readonly kind: ResourceKind, readonly runtimeModule: string = 'consul-peering/pulumi') {}

  /** Reads the provider settings (`consul-peering:address`, `consul-peering:token`, ...) from the stack config. */
  async configure(request: pulumi.dynamic.ConfigureRequest): Promise<void> {
    this.configured = this.runtime().settingsFromConfig(request.config);
  }

  /** Validates the inputs (skipping values unknown at preview) and applies defaults. */
  async check(olds: Props, news: Props): Promise<pulumi.dynamic.CheckResult<Props>> {
    return this.runtime().check(this.kind, olds, news, this.configured);
  }

  /** Compares the stored outputs with the new inputs. */
  async diff(id: string, olds: Props, news: Props): Promise<pulumi.dynamic.DiffResult> {
    return this.runtime().diff(this.kind, id, olds, news);
  }

  /** Creates the object in Consul. */
  async create(inputs: Props): Promise<pulumi.dynamic.CreateResult<Props>> {
    return this.runtime().create(this.kind, inputs, this.configured);
  }

  /** Reads the object back (refresh). */
  async read(id: string, props?: Props): Promise<pulumi.dynamic.ReadResult<Props>> {
    return this.runtime().read(this.kind, id, props ?? {}, this.configured);
  }

  /** Updates the object in place. */
  async update(id: string, olds: Props, news: Props): Promise<pulumi.dynamic.UpdateResult<Props>> {
    return this.runtime().update(this.kind, id, olds, news, this.configured);
  }

  /** Deletes the object. */
  async delete(id: string, props: Props): Promise<void> {
    return this.runtime().delete(this.kind, id, props, this.configured);
  }

  /** The implementation, loaded by name at call time (never captured by the serializer). */
  private runtime(): ProviderRuntime {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- the module is named at run time (a serialized provider captures none)
    const loaded = require(this.runtimeModule) as { providerRuntime?: ProviderRuntime };
    if (loaded.providerRuntime === undefined) throw new Error(`consul-peering: ${this.runtimeModule} does not export providerRuntime`);
    return loaded.providerRuntime;
  }
}

/** One provider per resource of the core registry, by class name, shared by every resource of that kind (Pulumi serializes each once). */
export const PROVIDERS: Readonly<Partial<Record<string, CoreProvider>>> & Readonly<Record<ResourceClassName, CoreProvider>> = Object.fromEntries(
  RESOURCES.map(({ schema }) => [schema.className, new CoreProvider(schema.className)]),
) as Record<ResourceClassName, CoreProvider>;
