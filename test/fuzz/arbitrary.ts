/**
 * fast-check arbitraries derived from a zod 4 schema, through its JSON Schema (`z.toJSONSchema`, the
 * input side): values that are mostly valid (so the call gets past the schema into the domain), the
 * paths of every field, and adversarial values to put in each field.
 */
import fc from "fast-check";
import { z, type ZodType } from "zod";

export type JsonSchema = {
  type?: string | string[]; enum?: unknown[]; const?: unknown; anyOf?: JsonSchema[]; oneOf?: JsonSchema[]; allOf?: JsonSchema[];
  properties?: Record<string, JsonSchema>; required?: string[]; additionalProperties?: boolean | JsonSchema; propertyNames?: JsonSchema;
  items?: JsonSchema; prefixItems?: JsonSchema[]; minItems?: number; maxItems?: number;
  minLength?: number; maxLength?: number; pattern?: string; format?: string;
  minimum?: number; maximum?: number; exclusiveMinimum?: number; exclusiveMaximum?: number;
  $ref?: string; $defs?: Record<string, JsonSchema>; default?: unknown;
};

export function jsonSchemaOf(schema: ZodType): JsonSchema {
  return z.toJSONSchema(schema, { io: "input", unrepresentable: "any", reused: "inline", cycles: "ref" }) as JsonSchema;
}

const MAX_DEPTH = 6;

function resolve(root: JsonSchema, s: JsonSchema): JsonSchema {
  if (!s.$ref) return s;
  const name = s.$ref.replace(/^#\/\$defs\//, "");
  return root.$defs?.[name] ?? (s.$ref === "#" ? root : {});
}

function stringArb(s: JsonSchema): fc.Arbitrary<string> {
  const min = s.minLength ?? 0;
  const max = Math.min(s.maxLength ?? min + 24, min + 24);
  if (s.format === "email") return fc.emailAddress().filter((e) => e.length >= min && e.length <= (s.maxLength ?? Infinity));
  if (s.format === "uuid") return fc.uuid({ version: 4 });
  if (s.format === "date-time" || s.format === "datetime") return fc.date({ min: new Date("2000-01-01"), max: new Date("2100-01-01"), noInvalidDate: true }).map((d) => d.toISOString());
  if (s.format === "uri" || s.format === "url") return fc.webUrl();
  if (s.pattern) {
    let re: RegExp;
    try {
      re = new RegExp(s.pattern);
    } catch {
      return fc.string({ minLength: min, maxLength: max });
    }
    return fc.stringMatching(re).map((v) => (v.length > (s.maxLength ?? Infinity) ? v.slice(0, s.maxLength) : v)).filter((v) => v.length >= min && re.test(v));
  }
  return fc.string({ minLength: min, maxLength: max });
}

function numberArb(s: JsonSchema, integer: boolean): fc.Arbitrary<number> {
  const lo = Math.max(s.minimum ?? (s.exclusiveMinimum !== undefined ? s.exclusiveMinimum + (integer ? 1 : 1e-6) : -1e6), -1e9);
  const hi = Math.min(s.maximum ?? (s.exclusiveMaximum !== undefined ? s.exclusiveMaximum - (integer ? 1 : 1e-6) : 1e6), 1e9);
  if (integer) return fc.integer({ min: Math.ceil(lo), max: Math.max(Math.ceil(lo), Math.floor(hi)) });
  return fc.double({ min: lo, max: Math.max(lo, hi), noNaN: true, noDefaultInfinity: true });
}

/** An arbitrary of values the schema mostly accepts (refinements it cannot express aside). */
export function arbitraryOf(root: JsonSchema, node: JsonSchema = root, depth = 0): fc.Arbitrary<unknown> {
  const s = resolve(root, node);
  if (depth > MAX_DEPTH) return fc.constant(undefined);
  if (s.const !== undefined) return fc.constant(s.const);
  if (s.enum) return fc.constantFrom(...s.enum);
  const alternatives = s.anyOf ?? s.oneOf;
  if (alternatives && alternatives.length > 0) return fc.oneof(...alternatives.map((a) => arbitraryOf(root, { ...s, anyOf: undefined, oneOf: undefined, ...a }, depth + 1)));
  if (s.allOf && s.allOf.length > 0) return arbitraryOf(root, { ...s, allOf: undefined, ...s.allOf[0] }, depth + 1);
  if (Array.isArray(s.type)) return fc.oneof(...s.type.map((t) => arbitraryOf(root, { ...s, type: t }, depth + 1)));
  switch (s.type) {
    case "string": return stringArb(s);
    case "integer": return numberArb(s, true);
    case "number": return numberArb(s, false);
    case "boolean": return fc.boolean();
    case "null": return fc.constant(null);
    case "array": {
      if (s.prefixItems) return fc.tuple(...s.prefixItems.map((p) => arbitraryOf(root, p, depth + 1)));
      const min = s.minItems ?? 0;
      return fc.array(arbitraryOf(root, s.items ?? {}, depth + 1), { minLength: min, maxLength: Math.min(s.maxItems ?? min + 3, min + 3) });
    }
    case "object": {
      const props = s.properties ?? {};
      const required = new Set(s.required ?? []);
      const record = fc.record(
        Object.fromEntries(Object.entries(props).map(([k, v]) => [k, arbitraryOf(root, v, depth + 1)])),
        { requiredKeys: Object.keys(props).filter((k) => required.has(k)) },
      );
      if (s.additionalProperties && typeof s.additionalProperties === "object") {
        const keys = s.propertyNames ? stringArb({ ...s.propertyNames, minLength: Math.max(1, s.propertyNames.minLength ?? 1) }) : fc.string({ minLength: 1, maxLength: 12 });
        const extra = fc.dictionary(keys, arbitraryOf(root, s.additionalProperties, depth + 1), { maxKeys: 3 });
        return fc.tuple(record, extra).map(([a, b]) => ({ ...b, ...a }));
      }
      return record;
    }
    default:
      return fc.jsonValue({ maxDepth: 2 });
  }
}

/** Every field path the schema names (object properties, an array's first item, one record key). */
export function fieldPaths(root: JsonSchema, node: JsonSchema = root, prefix: (string | number)[] = [], depth = 0, out: (string | number)[][] = []): (string | number)[][] {
  const s = resolve(root, node);
  if (depth > MAX_DEPTH) return out;
  for (const alt of s.anyOf ?? s.oneOf ?? []) fieldPaths(root, alt, prefix, depth + 1, out);
  if (s.properties) {
    for (const [k, v] of Object.entries(s.properties)) {
      out.push([...prefix, k]);
      fieldPaths(root, v, [...prefix, k], depth + 1, out);
    }
  }
  if (s.items && typeof s.items === "object") {
    out.push([...prefix, 0]);
    fieldPaths(root, s.items, [...prefix, 0], depth + 1, out);
  }
  if (s.additionalProperties && typeof s.additionalProperties === "object") {
    out.push([...prefix, "FUZZ_KEY"]);
    fieldPaths(root, s.additionalProperties, [...prefix, "FUZZ_KEY"], depth + 1, out);
  }
  const seen = new Set<string>();
  return out.filter((p) => {
    const key = JSON.stringify(p);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Values no field should take without a clear refusal: wrong types, extremes, oversized and hostile strings. */
export const adversarialValues: unknown[] = [
  null, true, -1, 0, 1.5, -1e308, 1e308, 2 ** 53 + 2, "", " ", "x".repeat(100_000), "9".repeat(400),
  "'; drop table resource_providers; --", "<script>alert(1)</script>", "\u0000\u0001", "𝕏🚀".repeat(500), "../../etc/passwd",
  [], [1, "a", null], {}, { __proto__: { admin: true }, constructor: { prototype: 1 } }, { nested: { deeper: ["x".repeat(5000)] } },
];

/** A copy of `value` with `path` set to `replacement` (containers made on the way). */
export function setPath(value: unknown, path: (string | number)[], replacement: unknown): unknown {
  if (path.length === 0) return replacement;
  const [head, ...rest] = path;
  if (typeof head === "number") {
    const arr = Array.isArray(value) ? [...(value as unknown[])] : [];
    arr[head] = setPath(arr[head], rest, replacement);
    return arr;
  }
  const obj = value && typeof value === "object" && !Array.isArray(value) ? { ...(value as Record<string, unknown>) } : {};
  obj[head!] = setPath(obj[head!], rest, replacement);
  return obj;
}
