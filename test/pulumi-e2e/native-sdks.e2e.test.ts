import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { pulumiBinDir, ROOT } from './engine';
import { buildSdk, pythonBinDir } from './native-support';

// The native provider's Go and Python SDKs as `npm run pulumi:sdk` builds them (scripts/pulumi-sdk.mjs): the Go SDK
// is a module that compiles with its committed go.sum alone (tools/pulumi-go-sdk), the wheel installs and imports.
// Pulumi has no Go language host here (it is not on the Go module proxy), so the Go SDK is compiled, not run.

const VERSION = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
const GO_IMPORT = 'github.com/consul-peering/pulumi-consulpeering/sdk/go/consulpeering';

/** A Go program using every resource, the explicit provider, the stack config and both functions of the Go SDK. */
const GO_PROGRAM = `package main

import (
	"${GO_IMPORT}"
	consulconfig "${GO_IMPORT}/config"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

func program(ctx *pulumi.Context) error {
	dc1, err := consulpeering.NewProvider(ctx, "dc1", &consulpeering.ProviderArgs{Address: pulumi.StringPtr(consulconfig.GetAddress(ctx))})
	if err != nil {
		return err
	}
	dc2, err := consulpeering.NewProvider(ctx, "dc2", &consulpeering.ProviderArgs{Address: pulumi.StringPtr("127.0.0.1:8501"), Token: pulumi.StringPtr("t")})
	if err != nil {
		return err
	}
	token, err := consulpeering.NewPeeringToken(ctx, "token", &consulpeering.PeeringTokenArgs{PeerName: pulumi.String("dc2")}, pulumi.Provider(dc1))
	if err != nil {
		return err
	}
	peering, err := consulpeering.NewPeering(ctx, "peering", &consulpeering.PeeringArgs{PeerName: pulumi.String("dc1"), PeeringToken: token.PeeringToken}, pulumi.Provider(dc2))
	if err != nil {
		return err
	}
	consumers := consulpeering.ExportedServicesServicesConsumersArray{consulpeering.ExportedServicesServicesConsumersArgs{Peer: pulumi.StringPtr("dc2")}}
	services := consulpeering.ExportedServicesServicesArray{consulpeering.ExportedServicesServicesArgs{Name: pulumi.String("api"), Consumers: consumers}}
	if _, err := consulpeering.NewExportedServices(ctx, "exports", &consulpeering.ExportedServicesArgs{Services: services}, pulumi.Provider(dc1)); err != nil {
		return err
	}
	sources := consulpeering.ServiceIntentionsSourcesArray{consulpeering.ServiceIntentionsSourcesArgs{Name: pulumi.String("web"), Peer: pulumi.StringPtr("dc2"), Action: pulumi.StringPtr("allow")}}
	if _, err := consulpeering.NewServiceIntentions(ctx, "intentions", &consulpeering.ServiceIntentionsArgs{Name: pulumi.String("api"), Sources: sources}, pulumi.Provider(dc1)); err != nil {
		return err
	}
	seen := consulpeering.LookupPeeringOutput(ctx, consulpeering.LookupPeeringOutputArgs{PeerName: peering.PeerName}, pulumi.Provider(dc2))
	listed := consulpeering.GetPeeringsOutput(ctx, consulpeering.GetPeeringsOutputArgs{}, pulumi.Provider(dc1))
	ctx.Export("state", peering.State)
	ctx.Export("seen", seen.State())
	ctx.Export("listed", listed.Peerings())
	return nil
}

func main() { pulumi.Run(program) }
`;

/** Runs a child process (bounded in time) and returns its stdout. */
function run(command: string, args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv; timeout: number }): string {
  return execFileSync(command, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], ...options });
}

describe('the native provider SDKs built by npm run pulumi:sdk', () => {
  let dir: string;

  beforeAll(() => {
    pulumiBinDir(); // throws, naming the command, when the engine (and gensdk) or dist/ is missing
    dir = mkdtempSync(join(tmpdir(), 'consul-peering-sdks-'));
  });

  afterAll(() => {
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  });

  it('makes the Go SDK a module that builds and vets from its committed go.sum alone, with a program using every resource, the provider, the config and both functions', () => {
    const module = buildSdk('go', join(dir, 'go'));
    expect(readFileSync(join(module, 'go.mod'), 'utf8')).toMatch(/^module github\.com\/consul-peering\/pulumi-consulpeering\/sdk$/m);
    expect(JSON.parse(readFileSync(join(module, 'go', 'consulpeering', 'pulumi-plugin.json'), 'utf8'))).toEqual({ resource: true, name: 'consulpeering', version: VERSION });
    expect(readFileSync(join(module, 'go', 'consulpeering', 'internal', 'pulumiUtilities.go'), 'utf8')).toContain(`semver.MustParse("${VERSION}")`);
    mkdirSync(join(module, 'cmd', 'sdkcheck'), { recursive: true });
    writeFileSync(join(module, 'cmd', 'sdkcheck', 'main.go'), GO_PROGRAM);
    // -mod=readonly and no checksum database: a go.sum entry missing from tools/pulumi-go-sdk/go.sum fails the build.
    const env = { ...process.env, GOFLAGS: `${process.env['GOFLAGS'] ?? ''} -mod=readonly`.trim(), GOSUMDB: 'off', GOTOOLCHAIN: 'local' };
    run('go', ['build', '-o', `${join(dir, 'bin')}/`, './...'], { cwd: module, env, timeout: 900_000 });
    expect(existsSync(join(dir, 'bin', 'sdkcheck'))).toBe(true);
    run('go', ['vet', './...'], { cwd: module, env, timeout: 600_000 });
    const packages = run('go', ['list', './...'], { cwd: module, env, timeout: 120_000 }).trim().split('\n');
    expect(packages).toEqual(expect.arrayContaining([GO_IMPORT, `${GO_IMPORT}/config`]));
  }, 1_800_000);

  it('builds the wheel at the package version with pulumi-plugin.json, which pip installs and Python imports', () => {
    const wheel = buildSdk('python', join(dir, 'wheels'));
    expect(basename(wheel)).toBe(`pulumi_consulpeering-${VERSION}-py3-none-any.whl`);
    const python = join(pythonBinDir(), 'python');
    const site = join(dir, 'site');
    run(python, ['-m', 'pip', 'install', '--quiet', '--no-deps', '--no-index', '--target', site, wheel], { timeout: 120_000 });
    const check = [
      'import importlib.metadata, inspect, json, pathlib',
      'import pulumi_consulpeering as c',
      'from pulumi_consulpeering import _utilities',
      'print(json.dumps({"file": c.__file__, "version": importlib.metadata.version("pulumi_consulpeering"), "sdkVersion": _utilities.get_version(),',
      '  "plugin": json.loads((pathlib.Path(c.__file__).parent / "pulumi-plugin.json").read_text()),',
      '  "resources": [k.__name__ for k in (c.Provider, c.PeeringToken, c.Peering, c.ExportedServices, c.ServiceIntentions)],',
      '  "functions": [f.__name__ for f in (c.get_peering, c.get_peering_output, c.get_peerings, c.get_peerings_output)],',
      '  "peeringArgs": list(inspect.signature(c.PeeringArgs.__init__).parameters)}))',
    ].join('\n');
    const seen = JSON.parse(run(python, ['-c', check], { env: { ...process.env, PYTHONPATH: site }, timeout: 60_000 })) as Record<string, unknown>;
    expect(seen['file']).toBe(join(site, 'pulumi_consulpeering', '__init__.py'));
    expect(seen).toMatchObject({
      version: VERSION,
      sdkVersion: VERSION,
      plugin: { resource: true, name: 'consulpeering', version: VERSION },
      resources: ['Provider', 'PeeringToken', 'Peering', 'ExportedServices', 'ServiceIntentions'],
      functions: ['get_peering', 'get_peering_output', 'get_peerings', 'get_peerings_output'],
    });
    expect(seen['peeringArgs']).toEqual(expect.arrayContaining(['peer_name', 'peering_token', 'active_timeout', 'wait_for_active']));
  }, 300_000);
});
