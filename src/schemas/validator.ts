// Request validation with TypeBox's compiler; query strings are converted strictly ("1e9" is not the integer 1).
import { TypeCompiler } from '@sinclair/typebox/compiler';
import type { TSchema } from '@sinclair/typebox';
import type { FastifySchemaCompiler } from 'fastify';

const INTEGER = /^-?\d{1,15}$/;
const NUMBER = /^-?\d{1,15}(\.\d{1,15})?$/;

/**
 * Query strings arrive as text. Only a canonical spelling becomes a number or boolean; anything else stays
 * text and fails the schema with a message naming the parameter, rather than being coerced (TypeBox's
 * Value.Convert reads "1e9" as 1 and "5abc" as 5).
 */
function flatConverter(schema: TSchema): (value: unknown) => unknown {
  const props = (schema as { properties?: Record<string, { type?: string }> }).properties ?? {};
  const typed = Object.entries(props).filter(([, p]) => p.type === 'integer' || p.type === 'number' || p.type === 'boolean');
  // Most query and header schemas are all text: nothing to convert, nothing to copy.
  if (typed.length === 0) return (value) => value;
  return (value) => {
    if (value === null || typeof value !== 'object') return value;
    const out: Record<string, unknown> = { ...(value as Record<string, unknown>) };
    for (const [key, prop] of typed) {
      const raw = out[key];
      if (typeof raw !== 'string') continue;
      if (prop.type === 'integer' && INTEGER.test(raw)) out[key] = Number(raw);
      else if (prop.type === 'number' && NUMBER.test(raw)) out[key] = Number(raw);
      else if (prop.type === 'boolean' && (raw === 'true' || raw === 'false')) out[key] = raw === 'true';
    }
    return out;
  };
}

/** Most choices spelled out in a message; a longer list (the hook types) keeps its own wording and handling. */
const MAX_SPELLED_CHOICES = 8;

/** "must be one of "allow", "deny"" for a short union of literals, instead of TypeBox's "Expected union value". */
function choicesOf(schema: TSchema): string | undefined {
  const anyOf = (schema as { anyOf?: { const?: unknown }[] }).anyOf;
  if (!anyOf || anyOf.length > MAX_SPELLED_CHOICES || !anyOf.every((s) => 'const' in s)) return undefined;
  return `must be one of ${anyOf.map((s) => JSON.stringify(s.const)).join(', ')}`;
}

export const strictValidatorCompiler: FastifySchemaCompiler<TSchema> = ({ schema, httpPart }) => {
  const check = TypeCompiler.Compile(schema);
  const convert = httpPart === 'body' ? (v: unknown) => v : flatConverter(schema);
  return (value: unknown) => {
    const converted = convert(value);
    if (check.Check(converted)) return { value: converted };
    // The first few problems only: a 1000-event batch could otherwise list thousands.
    const errors: { message: string; instancePath: string }[] = [];
    for (const e of check.Errors(converted)) {
      errors.push({ message: choicesOf(e.schema) ?? e.message, instancePath: e.path });
      if (errors.length >= 5) break;
    }
    return { error: errors as never };
  };
};
