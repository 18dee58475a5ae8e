/**
 * Bad inputs generated from the routes' own request schemas (zod), so every route a module
 * adds is probed without anyone listing it: for each field of a body or query, values of the
 * wrong type, text PostgreSQL cannot store, huge text and arrays, deep nesting; for each path
 * parameter, NUL, lone surrogates, overlong and malformed segments; for each body as a whole,
 * the wrong kind of JSON, broken JSON, a body near and over the size limit, deep nesting.
 * None of them is a valid request: each must be refused with a 4xx and write nothing.
 */
import type { RegisteredRoute } from '../../../src/app.ts';

export interface BadInput {
  readonly route: string;
  readonly what: string;
  readonly method: string;
  readonly url: string;
  readonly headers?: Record<string, string>;
  /** A JSON value (sent as JSON), or raw text with its content type in `headers`. */
  readonly payload?: unknown;
  readonly raw?: string;
}

/** What the fields of a zod schema look like, as far as the generator needs. */
interface ZodLike { readonly def: { readonly type: string; readonly [key: string]: unknown } }

const unwrap = (schema: ZodLike): ZodLike => {
  const { def } = schema;
  if (['optional', 'nullable', 'default', 'catch', 'readonly', 'nonoptional', 'prefault'].includes(def.type)) return unwrap(def.innerType as ZodLike);
  if (def.type === 'pipe') return unwrap(def.in as ZodLike);
  return schema;
};
const isOptional = (schema: ZodLike): boolean => ['optional', 'default', 'prefault'].includes(schema.def.type);
const shapeOf = (schema: unknown): Record<string, ZodLike> | null => {
  if (!schema || typeof schema !== 'object' || !('def' in schema)) return null;
  const base = unwrap(schema as ZodLike);
  return base.def.type === 'object' ? (base.def.shape as Record<string, ZodLike>) : null;
};

/** A plausible value of `schema`: what the other fields hold while one is made bad. */
export function sample(schema: ZodLike): unknown {
  const base = unwrap(schema);
  const { def } = base;
  switch (def.type) {
    case 'string': return 'x';
    case 'number': case 'int': case 'bigint': return 1;
    case 'boolean': return true;
    case 'array': return [];
    case 'record': return {};
    case 'null': return null;
    case 'literal': return (def.values as unknown[])[0];
    case 'enum': return Object.values(def.entries as Record<string, unknown>)[0];
    case 'union': return sample((def.options as ZodLike[])[0]!);
    case 'object': return Object.fromEntries(Object.entries(def.shape as Record<string, ZodLike>)
      .filter(([, field]) => !isOptional(field)).map(([key, field]) => [key, sample(field)]));
    default: return null;
  }
}

const NUL = 'a\u0000b';
const LONE = 'a\ud800b';
const deep = (depth: number): unknown => {
  let v: unknown = 1;
  for (let i = 0; i < depth; i++) v = [v];
  return v;
};

/** Values that no field of this type accepts. */
function badValuesFor(field: ZodLike): [string, unknown][] {
  const base = unwrap(field);
  const type = base.def.type;
  const wrongType: [string, unknown][] = type === 'string' || type === 'enum' || type === 'literal'
    ? [['a number', 12_345], ['an object', { a: 1 }], ['an array', ['x']], ['true', true]]
    : type === 'number' || type === 'int'
      ? [['text', 'không phải số'], ['an object', {}], ['an array', [1]], ['true', true]]
      : type === 'boolean'
        ? [['text', 'có'], ['a number', 2]]
        : type === 'array'
          ? [['text', 'x'], ['an object', { 0: 'x' }], ['a number', 3]]
          : type === 'record' || type === 'object'
            ? [['text', 'x'], ['a number', 3], ['an array of junk', [1, 'x']]]
            : [['an object', { a: 1 }]];
  const hostile: [string, unknown][] = [['NUL', NUL], ['a lone surrogate', LONE], ['deep nesting', deep(2_000)]];
  if (type === 'string') hostile.push(['1 MB of text', 'x'.repeat(1_000_000)]);
  if (type === 'array') hostile.push(['100.000 elements', Array.from({ length: 100_000 }, () => NUL)]);
  if (type === 'record' || type === 'object') hostile.push(['a NUL key', { [NUL]: 1 }], ['a lone-surrogate key', { [LONE]: 'x' }]);
  // An enum or literal field also refuses a plausible-looking string that is not one of its values.
  if (type === 'enum' || type === 'literal') wrongType.push(['a value not in the list', 'khong-co-trong-danh-sach']);
  return [...wrongType, ...hostile];
}

const PARAM_VALUES: readonly [string, string][] = [
  ['NUL', '%00'],
  ['a lone surrogate (CESU-8)', '%ED%A0%80'],
  ['malformed percent-encoding', '%zz'],
  ['300 characters', 'x'.repeat(300)],
  ['a climb out of the tree', '..%2F..%2Fetc%2Fpasswd'],
  ['a NUL inside a valid code', 'TW%00x'],
];

/** The request for `route` with every path parameter filled from `fill`, one of them replaced. */
function urlOf(route: RegisteredRoute, fill: (param: string) => string, replace?: { param: string; raw: string }): string {
  return route.url.replace(/:([A-Za-z]+)|\*/g, (_, name: string | undefined) => {
    const param = name ?? '*';
    return replace?.param === param ? replace.raw : encodeURIComponent(fill(param));
  });
}

export function generateBadInputs(routes: readonly RegisteredRoute[], fill: (param: string) => string): BadInput[] {
  const inputs: BadInput[] = [];
  for (const route of routes) {
    const name = `${route.method} ${route.url}`;
    const hasBody = route.method !== 'GET' && route.method !== 'DELETE';
    const params = [...route.url.matchAll(/:([A-Za-z]+)|\*/g)].map((m) => m[1] ?? '*');
    const bodyShape = shapeOf(route.schema?.body);
    const validBody = bodyShape ? sample(route.schema!.body as ZodLike) : undefined;
    const base = { route: name, method: route.method };
    for (const param of params) {
      for (const [what, raw] of PARAM_VALUES) {
        inputs.push({ ...base, what: `path :${param} = ${what}`, url: urlOf(route, fill, { param, raw }), payload: hasBody ? validBody ?? {} : undefined });
      }
    }
    const url = urlOf(route, fill);
    const queryShape = shapeOf(route.schema?.querystring);
    for (const key of Object.keys(queryShape ?? {})) {
      for (const [what, raw] of [['NUL', '%00'], ['a lone surrogate', '%ED%A0%80'], ['10.000 characters', 'x'.repeat(10_000)], ['repeated', 'a&' + key + '=b']] as const) {
        inputs.push({ ...base, what: `query ${key} = ${what}`, url: `${url}?${key}=${raw}`, payload: hasBody ? validBody ?? {} : undefined });
      }
    }
    if (!hasBody) continue;
    if (bodyShape) {
      for (const [key, field] of Object.entries(bodyShape)) {
        for (const [what, value] of badValuesFor(field)) {
          inputs.push({ ...base, what: `body ${key} = ${what}`, url, payload: { ...(validBody as object), [key]: value } });
        }
      }
    }
    const json = { 'content-type': 'application/json' };
    for (const [what, raw] of [
      ['a JSON array', '[]'], ['a JSON string', '"x"'], ['a JSON number', '42'], ['JSON null', 'null'], ['broken JSON', '{"a": '],
      ['JSON with a NUL key', '{"\\u0000": 1}'], ['deep JSON (100.000 levels)', `${'['.repeat(100_000)}${']'.repeat(100_000)}`],
      ['1,9 MB of JSON', JSON.stringify({ junk: Array.from({ length: 190_000 }, () => 'xxxxxxx') })],
      ['3 MB of JSON (over the limit)', JSON.stringify({ junk: 'x'.repeat(3_000_000) })],
    ] as const) {
      inputs.push({ ...base, what: `body = ${what}`, url, headers: json, raw });
    }
    inputs.push({ ...base, what: 'body as text/plain', url, headers: { 'content-type': 'text/plain' }, raw: 'x' });
  }
  return inputs;
}
