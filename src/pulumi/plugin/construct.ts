// Construct: the engine asks the plugin to build a component (ClusterPeering, ClusterMesh) for a program in any language. The
// component's children are registered from this process with @pulumi/pulumi's runtime, pointed at the program's
// resource monitor for the duration of the call; the component's URN and outputs go back to the engine.
import type * as providerPb from '@pulumi/pulumi/proto/provider_pb';
import { clusterMeshSchema } from '../../core/components/cluster-mesh';
import { clusterPeeringSchema } from '../../core/components/cluster-peering';
import { typeToken } from '../package-schema';

type Props = Record<string, unknown>;

/** What Construct answers: the component's URN, its outputs (serialized) and the URNs each output depends on. */
export interface ConstructOutcome {
  readonly urn: string;
  readonly state: Props;
  readonly stateDependencies: ReadonlyMap<string, readonly string[]>;
}

/**
 * The @pulumi/pulumi runtime parts a provider's Construct needs: the ones its own provider server uses, some marked
 * internal in its typings (so declared here by what they do).
 */
interface Runtime {
  readonly pulumi: typeof import('@pulumi/pulumi');
  readonly settings: typeof import('@pulumi/pulumi/runtime/settings') & { awaitFeatureSupport(): Promise<void>; waitForRPCs(): Promise<void> };
  readonly config: typeof import('@pulumi/pulumi/runtime/config');
  readonly rpc: typeof import('@pulumi/pulumi/runtime/rpc');
  readonly state: { withLocalStorage<T>(callback: () => Promise<T>): Promise<T> };
  readonly server: { deserializeInputs(inputs: unknown, dependencies: unknown): Promise<Props> };
}

/** The value of an output that is always known (a URN): the SDK's own internal accessor. */
const known = <T>(output: import('@pulumi/pulumi').Output<T>): Promise<T> => (output as unknown as { promise(): Promise<T> }).promise();

function loadRuntime(): Runtime {
  /* eslint-disable @typescript-eslint/no-require-imports -- loaded on the first Construct only: plain resource calls never need the runtime */
  return {
    pulumi: require('@pulumi/pulumi') as Runtime['pulumi'],
    settings: require('@pulumi/pulumi/runtime/settings') as Runtime['settings'],
    config: require('@pulumi/pulumi/runtime/config') as Runtime['config'],
    rpc: require('@pulumi/pulumi/runtime/rpc') as Runtime['rpc'],
    state: require('@pulumi/pulumi/runtime/state') as Runtime['state'],
    server: require('@pulumi/pulumi/provider/server') as Runtime['server'],
  };
  /* eslint-enable @typescript-eslint/no-require-imports */
}

let runtime: Runtime | undefined;

/** Builds the component the request names; throws for any other type. `engineAddress`: the engine's, from the plugin's arguments. */
export async function construct(request: providerPb.ConstructRequest, engineAddress: string | undefined): Promise<ConstructOutcome> {
  const type = request.getType();
  const mesh = type === typeToken(clusterMeshSchema.className);
  if (type !== typeToken(clusterPeeringSchema.className) && !mesh) throw new Error(`unknown component type ${type}`);
  if (engineAddress === undefined || engineAddress === '') throw new Error('Construct needs the engine address (the plugin\'s first argument)');
  const parts = (runtime ??= loadRuntime());
  return parts.state.withLocalStorage(async () => {
    const { pulumi, settings, config, rpc, server } = parts;
    settings.resetOptions(request.getProject(), request.getStack(), request.getParallel(), engineAddress, request.getMonitorendpoint(),
      request.getDryrun(), request.getOrganization());
    await settings.awaitFeatureSupport();
    config.setAllConfig(Object.fromEntries(request.getConfigMap().entries()), request.getConfigsecretkeysList());
    // Loaded first: it registers the package, so that the provider references among the inputs become its Providers.
    const Component = mesh ? (await import('./cluster-mesh-component')).ClusterMeshComponent : (await import('./cluster-peering-component')).ClusterPeeringComponent;
    const inputs = await server.deserializeInputs(request.getInputs(), request.getInputdependenciesMap());
    const providers = Object.fromEntries([...request.getProvidersMap().entries()].map(([pkg, ref]) => [pkg, new pulumi.DependencyProviderResource(ref)]));
    const component = new Component(request.getName(), inputs, {
      ...(request.getParent() === '' ? {} : { parent: new pulumi.DependencyResource(request.getParent()) }),
      dependsOn: request.getDependenciesList().map((urn) => new pulumi.DependencyResource(urn)),
      providers,
      protect: request.getProtect() === true,
    });
    const outputs = 'states' in component ? { states: component.states } : { peeringToken: component.peeringToken, state: component.state, peeringId: component.peeringId };
    const urn = await known(component.urn);
    const [state, dependencies] = await rpc.serializeResourceProperties(`construct(${type}, ${request.getName()})`, outputs);
    const stateDependencies = new Map<string, string[]>();
    for (const [key, resources] of dependencies) stateDependencies.set(key, await Promise.all([...resources].map((resource) => known(resource.urn))));
    await settings.waitForRPCs();
    return { urn, state, stateDependencies };
  });
}
