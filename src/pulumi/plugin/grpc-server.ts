// The `pulumi-resource-consulpeering` plugin: Pulumi's ResourceProvider gRPC service on the stubs @pulumi/pulumi
// ships (its own provider server has no CheckConfig, DiffConfig or Configure of settings, and no detailed diff), each
// method translating between protobuf messages and the transport-free NativeProvider. Listens on 127.0.0.1 and prints
// the port, as the engine expects.
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import type * as grpcTypes from '@grpc/grpc-js';
import type * as providerPb from '@pulumi/pulumi/proto/provider_pb';
import { packageSchema } from '../package-schema';
import { NativeProvider, PartialFailure, type DiffOutcome } from './native-provider';
import { valuesFromVariables, settingsChanged, type PropertyFailure } from './config';
import { construct } from './construct';

type Props = Record<string, unknown>;
/** A google.protobuf.Struct message as the stubs expose it. */
type StructMessage = NonNullable<ReturnType<providerPb.CheckRequest['getNews']>>;
interface StructClass { fromJavaScript(value: Props): StructMessage }
type Callback = (error: unknown, value?: unknown, metadata?: unknown) => void;
type Call<R> = { readonly request: R };

/** The stubs and gRPC, loaded from @pulumi/pulumi's own dependencies (the versions its stubs were generated for). */
function loadStubs() {
  const load = createRequire(require.resolve('@pulumi/pulumi'));
  const base = dirname(require.resolve('@pulumi/pulumi/proto/provider_pb'));
  return {
    grpc: load('@grpc/grpc-js') as typeof grpcTypes,
    pb: load(`${base}/provider_pb`) as typeof providerPb,
    plugin: load(`${base}/plugin_pb`) as { PluginInfo: new () => { setVersion(version: string): unknown } },
    services: load(`${base}/provider_grpc_pb`) as { ResourceProviderService: grpcTypes.ServiceDefinition },
    Struct: (load('google-protobuf/google/protobuf/struct_pb') as { Struct: StructClass }).Struct,
    Empty: (load('google-protobuf/google/protobuf/empty_pb') as { Empty: new () => unknown }).Empty,
    status: load(`${base}/status_pb`) as { Status: new () => { setCode(c: number): void; setMessage(m: string): void; addDetails(d: unknown): void; serializeBinary(): Uint8Array } },
    any: load('google-protobuf/google/protobuf/any_pb') as { Any: new () => { pack(bytes: Uint8Array, name: string): void } },
  };
}

/**
 * The service implementation for `version`: every method of ResourceProvider this plugin serves. `engineAddress`
 * (the plugin's first argument) is where components built by Construct log.
 */
export function providerService(version: string, stubs = loadStubs(), provider = new NativeProvider(), engineAddress?: string) {
  const { pb, Struct } = stubs;
  let schemaText: string | undefined;
  const struct = (value: Props) => Struct.fromJavaScript(value);
  const props = (message: StructMessage | undefined): Props | undefined => message?.toJavaScript() as Props | undefined;
  const failureList = (failures: readonly PropertyFailure[]) => failures.map((failure) => {
    const out = new pb.CheckFailure();
    out.setProperty(failure.property);
    out.setReason(failure.reason);
    return out;
  });
  const run = <R>(handler: (request: R) => Promise<unknown> | unknown) => (call: Call<R>, callback: Callback) => {
    Promise.resolve().then(() => handler(call.request)).then((value) => callback(null, value), (error: unknown) => callback(grpcError(stubs, error)));
  };
  const kinds: Record<DiffOutcome['detailed'][string], number> = {
    add: pb.PropertyDiff.Kind.ADD, 'add-replace': pb.PropertyDiff.Kind.ADD_REPLACE, delete: pb.PropertyDiff.Kind.DELETE,
    'delete-replace': pb.PropertyDiff.Kind.DELETE_REPLACE, update: pb.PropertyDiff.Kind.UPDATE, 'update-replace': pb.PropertyDiff.Kind.UPDATE_REPLACE,
  };
  const diffResponse = (outcome: DiffOutcome) => {
    const out = new pb.DiffResponse();
    out.setChanges(outcome.changes ? pb.DiffResponse.DiffChanges.DIFF_SOME : pb.DiffResponse.DiffChanges.DIFF_NONE);
    out.setReplacesList([...outcome.replaces]);
    out.setDeletebeforereplace(outcome.deleteBeforeReplace);
    out.setDiffsList(Object.keys(outcome.detailed));
    out.setHasdetaileddiff(true);
    for (const [name, kind] of Object.entries(outcome.detailed)) out.getDetaileddiffMap().set(name, new pb.PropertyDiff().setKind(kinds[kind] as providerPb.PropertyDiff.Kind).setInputdiff(true));
    return out;
  };
  return {
    getPluginInfo: run(() => {
      const info = new stubs.plugin.PluginInfo();
      info.setVersion(version);
      return info;
    }),
    getSchema: run(() => new pb.GetSchemaResponse().setSchema(schemaText ??= JSON.stringify(packageSchema(version)))),
    checkConfig: run((request: providerPb.CheckRequest) => {
      const news = props(request.getNews());
      return new pb.CheckResponse().setInputs(struct(news ?? {})).setFailuresList(failureList(provider.checkConfig(news)));
    }),
    diffConfig: run((request: providerPb.DiffRequest) => diffResponse({
      changes: settingsChanged(props(request.getOlds()), props(request.getNews())), replaces: [], deleteBeforeReplace: false, detailed: {},
    })),
    configure: run((request: providerPb.ConfigureRequest) => {
      provider.configure(request.hasArgs() ? props(request.getArgs()) ?? {} : valuesFromVariables(request.getVariablesMap().entries() as Iterable<[string, string]>));
      // Resources accepted: the ClusterPeering component takes each side's provider as a reference.
      return new pb.ConfigureResponse().setAcceptsecrets(true).setSupportspreview(true).setAcceptresources(true).setAcceptoutputs(false);
    }),
    check: run(async (request: providerPb.CheckRequest) => {
      const result = await provider.check(request.getType() || typeOf(request.getUrn()), props(request.getNews()));
      return new pb.CheckResponse().setInputs(struct(result.inputs)).setFailuresList(failureList(result.failures));
    }),
    diff: run(async (request: providerPb.DiffRequest) => diffResponse(await provider.diff(request.getType() || typeOf(request.getUrn()), props(request.getOlds()), props(request.getNews())))),
    create: run(async (request: providerPb.CreateRequest) => {
      const result = await provider.create(request.getType() || typeOf(request.getUrn()), props(request.getProperties()), request.getPreview(), request.getName() || nameOf(request.getUrn()));
      return new pb.CreateResponse().setId(result.id).setProperties(struct(result.properties));
    }),
    read: run(async (request: providerPb.ReadRequest) => {
      const result = await provider.read(request.getType() || typeOf(request.getUrn()), request.getId(), props(request.getProperties()));
      return new pb.ReadResponse().setId(result.id).setProperties(struct(result.properties)).setInputs(struct(result.inputs));
    }),
    update: run(async (request: providerPb.UpdateRequest) => {
      const properties = await provider.update(request.getType() || typeOf(request.getUrn()), request.getId(), props(request.getOlds()), props(request.getNews()), request.getPreview(), request.getName() || nameOf(request.getUrn()));
      return new pb.UpdateResponse().setProperties(struct(properties));
    }),
    delete: run(async (request: providerPb.DeleteRequest) => {
      await provider.delete(request.getType() || typeOf(request.getUrn()), props(request.getProperties()));
      return new stubs.Empty();
    }),
    invoke: run(async (request: providerPb.InvokeRequest) => {
      const outcome = await provider.invoke(request.getTok(), props(request.getArgs()));
      return new pb.InvokeResponse().setReturn(struct(outcome.result)).setFailuresList(failureList(outcome.failures));
    }),
    construct: run(async (request: providerPb.ConstructRequest) => {
      const outcome = await construct(request, engineAddress);
      const response = new pb.ConstructResponse().setUrn(outcome.urn).setState(struct(outcome.state));
      for (const [key, urns] of outcome.stateDependencies) {
        response.getStatedependenciesMap().set(key, new pb.ConstructResponse.PropertyDependencies().setUrnsList([...urns]));
      }
      return response;
    }),
    cancel: run(() => {
      provider.cancel();
      return new stubs.Empty();
    }),
  };
}

/** The type token of a URN (`urn:pulumi:stack::project::parent$consulpeering:index:Peering::name`). */
function typeOf(urn: string): string {
  return urn.split('::')[2]?.split('$').pop() ?? '';
}

/** The resource name of a URN (its last part). */
function nameOf(urn: string): string {
  return urn.split('::').pop() ?? urn;
}

/** An error for the engine; a partial failure carries the state to keep (ErrorResourceInitFailed). */
function grpcError(stubs: ReturnType<typeof loadStubs>, error: unknown): Partial<grpcTypes.StatusObject> {
  const message = error instanceof Error ? error.message : String(error);
  if (!(error instanceof PartialFailure)) return { code: stubs.grpc.status.UNKNOWN, details: message };
  const failed = new stubs.pb.ErrorResourceInitFailed().setId(error.id).setProperties(stubs.Struct.fromJavaScript(error.properties))
    .setInputs(stubs.Struct.fromJavaScript(error.inputs)).setReasonsList([message]);
  const detail = new stubs.any.Any();
  detail.pack(failed.serializeBinary(), 'pulumirpc.ErrorResourceInitFailed');
  const status = new stubs.status.Status();
  status.setCode(stubs.grpc.status.UNKNOWN);
  status.setMessage(message);
  status.addDetails(detail);
  const metadata = new stubs.grpc.Metadata();
  metadata.add('grpc-status-details-bin', Buffer.from(status.serializeBinary()));
  return { code: stubs.grpc.status.UNKNOWN, details: message, metadata };
}

/** Serves the provider on 127.0.0.1 (a free port) and prints the port on stdout, as Pulumi's plugin protocol asks. */
export async function servePlugin(version: string, engineAddress?: string): Promise<grpcTypes.Server> {
  const stubs = loadStubs();
  const server = new stubs.grpc.Server({ 'grpc.max_receive_message_length': 400 * 1024 * 1024 });
  server.addService(stubs.services.ResourceProviderService, providerService(version, stubs, new NativeProvider(), engineAddress) as unknown as grpcTypes.UntypedServiceImplementation);
  const port = await new Promise<number>((resolve, reject) => {
    server.bindAsync('127.0.0.1:0', stubs.grpc.ServerCredentials.createInsecure(), (error, bound) => (error ? reject(error) : resolve(bound)));
  });
  process.stdout.write(`${port}\n`);
  return server;
}
