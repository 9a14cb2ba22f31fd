// The generated pages that are not per resource: the provider settings (docs/resources.md opens with them) and the
// catalogue of error and issue codes (docs/errors.md), both rendered from the core's own data.
import { ERROR_CODES } from './errors';
import { ISSUE_CODES } from './issues';
import { PROVIDER_SETTINGS } from './provider-settings';
import { snakeCase } from './schema';

const cell = (text: string): string => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

/** The provider settings table: Terraform and Pulumi names, type, secrecy, environment fallback, description. */
export function renderProviderSettingsDoc(): string {
  return [
    '## Provider settings',
    '',
    'Terraform `provider "consulpeering"` block (snake_case) and Pulumi provider configuration (camelCase); every setting',
    'is optional and falls back to the environment variables shown.',
    '',
    '| Terraform | Pulumi | type | environment | description |',
    '|---|---|---|---|---|',
    ...Object.entries(PROVIDER_SETTINGS).map(([name, setting]) => {
      const secret = 'secret' in setting && setting.secret === true ? ', secret' : '';
      const env = setting.env.length === 0 ? '' : setting.env.map((variable) => `\`${variable}\``).join(', ');
      return `| \`${snakeCase(name)}\` | \`${name}\` | ${setting.type.kind}${secret} | ${env} | ${cell(setting.description)} |`;
    }),
    '',
  ].join('\n');
}

/** `docs/errors.md`: every error code and issue code of the core with its meaning. */
export function renderErrorsDoc(): string {
  return [
    '<!-- Generated from src/core/errors.ts and src/core/issues.ts by `npm run docs`; do not edit. -->',
    '# Error and issue codes',
    '',
    'Every error the core raises is a `CoreError` (check with `CoreError.isCoreError(error)`, which works across copies of',
    'the package) with a stable `code`, a `message` and `data`; attribute names in messages are spelled by each front end',
    '(snake_case in Terraform, camelCase in Pulumi and TypeScript). Errors from talking to Consul are `ConsulError`s',
    '(`ConsulHttpError` with the status and Consul\'s own message, `ConsulNetworkError`, `ConsulTimeoutError`,',
    '`ConsulConfigError` naming the setting).',
    '',
    '## Error codes (`CoreError.code`)',
    '',
    '| code | meaning |',
    '|---|---|',
    ...Object.entries(ERROR_CODES).map(([code, meaning]) => `| \`${code}\` | ${cell(meaning)} |`),
    '',
    '## Issue codes (`Issue.code`)',
    '',
    'A `validation_failed` error, a Terraform plan diagnostic and a Pulumi check failure carry one issue per problem, each',
    'with its attribute path and one of these codes.',
    '',
    '| code | meaning |',
    '|---|---|',
    ...Object.entries(ISSUE_CODES).map(([code, meaning]) => `| \`${code}\` | ${cell(meaning)} |`),
    '',
  ].join('\n');
}
