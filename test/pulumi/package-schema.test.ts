import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { clusterPeeringSchema, PROVIDER_SETTINGS, RESOURCES, type Fields } from '../../src/core';
import { packageSchema, typeToken, type PackageSpec, type PropertySpec } from '../../src/pulumi/package-schema';
import { pulumiBinDir, ROOT } from '../pulumi-e2e/engine';
import { gensdkPath } from '../pulumi-e2e/native-support';

// The native provider's package schema (issue 18 groundwork): derived from the core registry and provider settings,
// and accepted by Pulumi's own schema binder and SDK code generators (tools/pulumi/gensdk, built by pulumi:install).

const schema: PackageSpec = packageSchema('0.1.0');
const resource = (className: string) => {
  const found = schema.resources[typeToken(className)];
  if (found === undefined) throw new Error(`${className} is not in the schema`);
  return found;
};
const fieldsOf = (className: string): Fields => RESOURCES.find((entry) => entry.schema.className === className)?.schema.fields ?? {};

describe('Pulumi package schema from the core', () => {
  it('has a resource per registry resource, each input and output property from its fields', () => {
    expect(Object.keys(schema.resources).sort()).toEqual([...RESOURCES.map(({ schema: s }) => `consulpeering:index:${s.className}`), 'consulpeering:index:ClusterPeering', 'consulpeering:index:ClusterMesh'].sort());
    for (const { schema: s } of RESOURCES) {
      const spec = resource(s.className);
      const fields = Object.entries(s.fields);
      expect(Object.keys(spec.properties)).toEqual(fields.map(([name]) => name));
      expect(Object.keys(spec.inputProperties)).toEqual(fields.filter(([, field]) => field.mode !== 'computed').map(([name]) => name));
      expect(spec.requiredInputs ?? []).toEqual(fields.filter(([, field]) => field.mode === 'required').map(([name]) => name));
      expect(spec.description).toContain(`pulumi import consulpeering:index:${s.className} example ${s.importIdForms[0]}`);
      // The static get's optional state: every property, none required.
      expect(spec.stateInputs?.properties).toEqual(spec.properties);
      expect(spec.stateInputs?.required).toBeUndefined();
    }
  });

  it('marks secrets, replace-on-change fields and defaults from the field facts', () => {
    expect(resource('PeeringToken').properties['peeringToken']).toMatchObject({ type: 'string', secret: true });
    expect(resource('Peering').inputProperties['peeringToken']).toMatchObject({ type: 'string', secret: true });
    expect(resource('Peering').inputProperties['activeTimeout']).toMatchObject({ type: 'string', default: '2m' });
    expect(resource('Peering').inputProperties['waitForActive']).toMatchObject({ type: 'boolean', default: true });
    const replaced = (className: string) => Object.entries(resource(className).inputProperties).filter(([, p]) => p.replaceOnChanges === true).map(([n]) => n);
    for (const { schema: s } of RESOURCES) {
      expect(replaced(s.className)).toEqual(Object.entries(fieldsOf(s.className)).filter(([, f]) => f.forcesReplacement === true && f.mode !== 'computed').map(([n]) => n));
    }
    expect(resource('ExportedServices').inputProperties['meta']).toEqual(expect.objectContaining({ type: 'object', additionalProperties: { type: 'string' } }));
  });

  it('names nested objects as types, with their own required properties', () => {
    const services = resource('ExportedServices').inputProperties['services'] as PropertySpec;
    expect(services).toMatchObject({ type: 'array', items: { $ref: '#/types/consulpeering:index:ExportedServicesServices' } });
    expect(schema.types['consulpeering:index:ExportedServicesServices']).toMatchObject({ type: 'object', required: ['name', 'consumers'] });
    expect(Object.keys(schema.types['consulpeering:index:ExportedServicesServicesConsumers']?.properties ?? {})).toEqual(['peer', 'partition', 'samenessGroup']);
    expect(schema.types['consulpeering:index:ServiceIntentionsSourcesPermissionsHttpHeaders']).toBeDefined();
  });

  it('ClusterPeering is a component from the core\'s data: sides naming their provider, the token a secret output', () => {
    const component = resource('ClusterPeering');
    expect(component.isComponent).toBe(true);
    expect(Object.keys(component.inputProperties)).toEqual(Object.keys(clusterPeeringSchema.inputs));
    expect(component.requiredInputs).toEqual(['acceptor', 'dialer']);
    expect(component.inputProperties['acceptor']).toMatchObject({ $ref: '#/types/consulpeering:index:ClusterPeeringSide' });
    expect(component.inputProperties['dialer']).toMatchObject({ $ref: '#/types/consulpeering:index:ClusterPeeringSide' });
    expect(component.properties['peeringToken']).toMatchObject({ type: 'string', secret: true });
    const side = schema.types['consulpeering:index:ClusterPeeringSide'];
    expect(Object.keys(side?.properties ?? {})).toEqual([...Object.keys(clusterPeeringSchema.inputs.acceptor.type.fields), 'provider']);
    expect(side?.properties['provider']).toMatchObject({ $ref: '#/provider' });
    expect(side?.required).toEqual(['name']);
  });

  it('configures the provider with every core provider setting, secrets marked', () => {
    expect(Object.keys(schema.config.variables)).toEqual(Object.keys(PROVIDER_SETTINGS));
    expect(Object.keys(schema.provider.inputProperties)).toEqual(Object.keys(PROVIDER_SETTINGS));
    expect(schema.provider.inputProperties['token']).toMatchObject({ type: 'string', secret: true });
    expect(schema.provider.inputProperties['insecureHttps']).toMatchObject({ type: 'boolean' });
    expect(schema.provider.inputProperties['tokenFile']?.secret).toBeUndefined();
  });
});

describe('SDKs generated by Pulumi\'s code generators from the schema', () => {
  const generator = gensdkPath(pulumiBinDir());
  let out: string;
  beforeAll(() => {
    if (!existsSync(generator)) throw new Error(`${generator} is missing: run npm run pulumi:install`);
    out = mkdtempSync(join(tmpdir(), 'consul-peering-sdk-'));
    writeFileSync(join(out, 'schema.json'), JSON.stringify(schema));
    execFileSync(generator, [join(out, 'schema.json'), join(out, 'sdk'), 'nodejs,python,go'], { encoding: 'utf8', timeout: 60_000 });
  });
  afterAll(() => {
    if (out !== undefined) rmSync(out, { recursive: true, force: true });
  });

  it('TypeScript: a class per resource, secrets and replace-on-change wired, and it type-checks against @pulumi/pulumi', () => {
    const sdk = join(out, 'sdk', 'nodejs');
    const peering = readFileSync(join(sdk, 'peering.ts'), 'utf8');
    expect(peering).toContain('export class Peering extends pulumi.CustomResource');
    expect(peering).toContain('additionalSecretOutputs: ["peeringToken"]');
    expect(peering).toContain('replaceOnChanges: ["partition", "peerName"]');
    expect(peering).toContain('public static get(name: string, id: pulumi.Input<pulumi.ID>, state?: PeeringState, opts?: pulumi.CustomResourceOptions): Peering');
    expect(readFileSync(join(sdk, 'provider.ts'), 'utf8')).toContain('export class Provider extends pulumi.ProviderResource');
    symlinkSync(join(ROOT, 'node_modules'), join(sdk, 'node_modules'));
    execFileSync(process.execPath, [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', join(sdk, 'tsconfig.json'), '--noEmit'], { encoding: 'utf8', timeout: 120_000 });
  });

  it('Python: package pulumi_consulpeering, a module per resource, and every file compiles', () => {
    const pkg = join(out, 'sdk', 'python', 'pulumi_consulpeering');
    expect(readdirSync(pkg)).toEqual(expect.arrayContaining(['peering_token.py', 'peering.py', 'exported_services.py', 'service_intentions.py', 'provider.py']));
    const files = readdirSync(pkg, { recursive: true }).map(String).filter((file) => file.endsWith('.py')).map((file) => join(pkg, file));
    execFileSync('python3', ['-m', 'py_compile', ...files], { encoding: 'utf8', timeout: 60_000 });
  });

  it('Go: a file per resource, each parsing as Go', () => {
    const pkg = join(out, 'sdk', 'go', 'consulpeering');
    expect(readdirSync(pkg)).toEqual(expect.arrayContaining(['peeringToken.go', 'peering.go', 'exportedServices.go', 'serviceIntentions.go', 'provider.go']));
    expect(execFileSync('gofmt', ['-e', '-l', pkg], { encoding: 'utf8', timeout: 60_000 })).toBe('');
  });
});
