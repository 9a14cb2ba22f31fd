// Messages that name attributes. The core writes each attribute as a reference, never as text: the Terraform adapter
// spells it in snake_case (`active_timeout`), Pulumi and direct callers in camelCase (`activeTimeout`), with no parsing.

/** An attribute named inside a message (camelCase, as in the schema). */
export interface FieldName {
  readonly field: string;
}

/** A message as parts: plain text and attribute names each adapter spells its own way. */
export type MessageParts = readonly (string | FieldName)[];

/** How an adapter spells attribute names (identity for the core's camelCase). */
export type Spelling = (name: string) => string;

/** A reference to the attribute `name` inside {@link text}. */
export function field(name: string): FieldName {
  return { field: name };
}

/** Message parts from a template: `` text`raise ${field('activeTimeout')}` ``; strings and numbers are kept as text. */
export function text(strings: TemplateStringsArray, ...values: readonly (string | number | FieldName)[]): MessageParts {
  const parts: (string | FieldName)[] = [];
  strings.forEach((literal, index) => {
    if (literal !== '') parts.push(literal);
    const value = values[index];
    if (value !== undefined) parts.push(typeof value === 'object' ? value : String(value));
  });
  return parts;
}

/** The message with every attribute spelled by `spell` (camelCase when omitted). */
export function renderMessage(message: string | MessageParts, spell: Spelling = (name) => name): string {
  if (typeof message === 'string') return message;
  return message.map((part) => (typeof part === 'string' ? part : spell(part.field))).join('');
}

/** `items` with `separator` between them, as message parts (e.g. attribute names joined by ' and '). */
export function joined(items: readonly (string | FieldName)[], separator: string): MessageParts {
  return items.flatMap((item, index) => (index === 0 ? [item] : [separator, item]));
}
