import type { Issue } from './issues';

/** Splits an import ID by `/` into one of the accepted shapes, or an issue listing the accepted forms. */
export function parseImportParts(id: string, forms: readonly string[]): string[] | Issue {
  const parts = id.split('/');
  const form = forms.find((candidate) => candidate.split('/').length === parts.length);
  if (form === undefined || parts.some((part) => part === '')) {
    return { code: 'invalid_import_id', path: [], message: `import ID ${JSON.stringify(id)} has none of the accepted forms: ${forms.join(', ')}` };
  }
  return parts;
}

/** True when the value is an {@link Issue}. */
export function isIssue(value: unknown): value is Issue {
  return typeof value === 'object' && value !== null && 'code' in value && 'message' in value && 'path' in value;
}
