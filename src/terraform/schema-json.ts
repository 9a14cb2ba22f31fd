// `consul-peering-terraform schema`: the provider's schema in the `terraform providers schema -json` format, built
// from the same data the gRPC server serves, for binding generators (CDKTF's generateProviderBindingsFromSchema).
import { DATA_TYPES, PROVIDER_DESCRIPTION, PROVIDER_FIELDS, PROVIDER_SOURCE, RESOURCE_TYPES } from './catalog';
import { packageVersion } from './install';
import { schemaJson, tfSchema } from './schema';

/** `{format_version, provider_schemas: {SOURCE: {provider, resource_schemas, data_source_schemas}}, provider_versions}`. */
export function providerSchemaJson(version: string = packageVersion()): unknown {
  const resources = Object.fromEntries([...RESOURCE_TYPES].map(([name, managed]) => [name, schemaJson(tfSchema(managed.schema.description, managed.schema.fields))]));
  const dataSources = Object.fromEntries([...DATA_TYPES].map(([name, data]) => [name, schemaJson(tfSchema(data.description, data.fields))]));
  return {
    format_version: '1.0',
    provider_schemas: {
      [PROVIDER_SOURCE]: { provider: schemaJson(tfSchema(PROVIDER_DESCRIPTION, PROVIDER_FIELDS)), resource_schemas: resources, data_source_schemas: dataSources },
    },
    provider_versions: { [PROVIDER_SOURCE]: version },
  };
}

/** Prints the schema JSON on stdout; returns the exit code. */
export function runSchemaCli(out: NodeJS.WritableStream = process.stdout): number {
  out.write(`${JSON.stringify(providerSchemaJson(), null, 2)}\n`);
  return 0;
}
