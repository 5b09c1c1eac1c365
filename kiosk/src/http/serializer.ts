/**
 * Reply serialisation. TypeBox writes a union of literals (`'waiting' | 'called' | …`) as an
 * `anyOf` of `const` schemas; fast-json-stringify serialises an `anyOf` by running a validator for
 * each branch on every reply (and compiles those validators on the first reply, some 30 ms).
 * The same set written as an `enum` is serialised as a plain value. Only the serialiser sees the
 * rewritten schema: validation and the API documentation keep the contract's schemas.
 */
import { SerializerSelector } from '@fastify/fast-json-stringify-compiler';
import type { FastifyInstance } from 'fastify';

type Schema = Record<string | symbol, unknown>;

const isObject = (value: unknown): value is Schema =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** The primitive type every branch's `const` has, when every branch is only a `const`. */
function literalType(branches: unknown[]): 'string' | 'number' | 'boolean' | undefined {
  let type: string | undefined;
  for (const branch of branches) {
    if (!isObject(branch) || !('const' in branch)) return undefined;
    if (Object.keys(branch).some((k) => k !== 'const' && k !== 'type')) return undefined;
    const t = typeof branch.const;
    if (t !== 'string' && t !== 'number' && t !== 'boolean') return undefined;
    if (type !== undefined && t !== type) return undefined;
    type = t;
  }
  return type as 'string' | 'number' | 'boolean' | undefined;
}

/** A copy of `schema` with every union of literals written as an `enum` of one type. */
export function literalUnionsAsEnums(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(literalUnionsAsEnums);
  if (!isObject(schema)) return schema;
  const out: Schema = {};
  for (const key of Object.keys(schema)) out[key] = literalUnionsAsEnums(schema[key]);
  const branches = schema.anyOf;
  if (Array.isArray(branches) && branches.length > 0) {
    const type = literalType(branches);
    if (type) {
      delete out.anyOf;
      out.type = type;
      out.enum = branches.map((b) => (b as Schema).const);
    }
  }
  return out;
}

/** Replies of routes registered after this call are serialised from the rewritten schemas. */
export function serialiseLiteralUnionsAsEnums(app: FastifyInstance): void {
  const compile = SerializerSelector()(undefined, undefined);
  app.setSerializerCompiler((route) =>
    compile({ ...route, httpStatus: route.httpStatus as string, schema: literalUnionsAsEnums(route.schema) }),
  );
}
