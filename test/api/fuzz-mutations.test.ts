/**
 * Hostile input over HTTP (issue 8, input fuzzing): for every Query and Mutation field of
 * the live schema, random variables built from the field's argument types — mostly well
 * typed, so they reach the resolvers, and otherwise wrong types, unknown keys, missing
 * required fields, NaN/Infinity-like numbers, huge numbers, very long strings, NUL and
 * control characters, lone surrogates, deeply nested lists and JSON objects, nulls.
 * Rule: every answer is a result, a typed Problem, or a GraphQL error with one of the
 * intended codes: never INTERNAL_SERVER_ERROR, never a 5xx, never a hang; and the server
 * is healthy afterwards. Runs are seeded (FUZZ_SEED to replay; fast-check prints the seed
 * and the shrunk counterexample of a failure) and bounded (FUZZ_RUNS per operation).
 */
import fc from 'fast-check';
import { baseUrl, createWorkspace, type TestWorkspace } from './harness/client';
import { defineMeasures } from './harness/crm';
import { buildFixture, type Fixture } from './harness/operation-cases';

const RUNS_PER_OPERATION = Number(process.env.FUZZ_RUNS ?? 10);
/** FUZZ_ONLY=recordEvents,createKpi fuzzes only those operations (to replay one). */
const ONLY = process.env.FUZZ_ONLY?.split(',');
const SEED = process.env.FUZZ_SEED === undefined ? undefined : Number(process.env.FUZZ_SEED);
/** A hang is a request that gets no answer in this time (evaluation has its own 10 s limit). */
const REQUEST_TIMEOUT_MS = 30_000;

/**
 * Codes an answer may carry: GraphQL's own for malformed requests, the service's limits,
 * and every code of the ProblemCode enum (added from the live schema in beforeAll).
 */
const INTENDED_CODES = new Set(['BAD_USER_INPUT', 'GRAPHQL_VALIDATION_FAILED', 'GRAPHQL_PARSE_FAILED', 'BAD_REQUEST', 'PAYLOAD_TOO_LARGE', 'QUERY_TOO_COSTLY', 'EVALUATION_TIMEOUT']);

// ---------------------------------------------------------------------------------------
// The live schema, read by introspection.

interface TypeRef { kind: string; name: string | null; ofType: TypeRef | null }
interface InputValue { name: string; type: TypeRef }
interface FieldInfo { name: string; args: InputValue[]; type: TypeRef }
interface TypeInfo { kind: string; name: string; inputFields: InputValue[] | null; enumValues: Array<{ name: string }> | null; possibleTypes: Array<{ name: string }> | null }

const TYPE_REF = 'kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name } } } }';
const INTROSPECTION = `{ __schema {
  queryType { fields { name type { ${TYPE_REF} } args { name type { ${TYPE_REF} } } } }
  mutationType { fields { name type { ${TYPE_REF} } args { name type { ${TYPE_REF} } } } }
  types { kind name inputFields { name type { ${TYPE_REF} } } enumValues { name } possibleTypes { name } }
} }`;

const named = (t: TypeRef): TypeRef => (t.ofType ? named(t.ofType) : t);
function typeText(t: TypeRef): string {
  if (t.kind === 'NON_NULL') return `${typeText(t.ofType!)}!`;
  if (t.kind === 'LIST') return `[${typeText(t.ofType!)}]`;
  return t.name!;
}

// ---------------------------------------------------------------------------------------
// Values. Placeholders (`\u0001fuzz:…` strings) stand for what JSON.stringify cannot
// write, and `bodyText` swaps them in: numbers beyond float range (the server parses them
// as ±Infinity), a bare NaN (invalid JSON), and values nested deeper than a recursive
// JSON.stringify can go.

const INFINITY = '\u0001fuzz:1e999';
const NEG_INFINITY = '\u0001fuzz:-1e999';
const BARE_NAN = '\u0001fuzz:NaN';
const deepObject = (depth: number) => `\u0001fuzz:object:${depth}`;
const deepList = (depth: number) => `\u0001fuzz:list:${depth}`;
function bodyText(body: unknown): string {
  return JSON.stringify(body).replace(/"\\u0001fuzz:([^":]+)(?::(\d+))?"/g, (_match, what: string, depth?: string) => {
    const n = Number(depth);
    if (what === 'object') return '{"a":'.repeat(n) + '{"leaf":1}' + '}'.repeat(n);
    if (what === 'list') return '['.repeat(n) + '["x"]' + ']'.repeat(n);
    return what;
  });
}

const hostileStrings: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    '', ' ', '\u0000', 'a\u0000b', '\u0001\u0002\u001f\u007f', '\t\r\n', '\u2028\u2029', '\ud800', 'x\udfffy', '\ufeff',
    '\u202eevil', '😀👍🏽', 'ǅ', 'İ', "'; DROP TABLE teams; --", '%_\\', '$1', 'null', 'undefined', 'NaN', 'Infinity', '-0',
    '1e999', '__proto__', 'constructor', '{"a":1}', '<script>', 'TOTAL',
  ),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ unit: fc.constantFrom('\u0000', 'a', ',', '"', '\n', '-', '0'), maxLength: 30 }),
  fc.constantFrom(1_000, 70_000, 300_000).map((n) => 'k'.repeat(n)),
);

/** Plausible strings for a field, so that well-typed requests reach past the first check. */
function plausibleStrings(name: string, fx: Fixture): fc.Arbitrary<string> {
  const keys = [fx.measure, fx.kpi, fx.scorecard, fx.teams.root, fx.teams.child, fx.teams.leaf, 'fx_resolved', 'TOTAL', 'crm-starter', 'missing_key'];
  const periods = fc.oneof(
    fc.constantFrom('2025', '2025-H1', '2025-Q1', '2025-01', '2025-02', '2025-W09', '2025-03-15', '1900-01-01', '9999-12', '2025-13', '2025-W53', '10000', '2025-q1'),
    fc.tuple(fc.integer({ min: 1890, max: 10_010 }), fc.integer({ min: 0, max: 14 })).map(([y, m]) => `${y}-${String(m).padStart(2, '0')}`),
  );
  const lower = name.toLowerCase();
  if (/period|^from$|^to$|effectivefrom/.test(lower)) return periods;
  if (/formula/.test(lower)) {
    return fc.oneof(
      fc.constantFrom(`${fx.measure} * 2`, `${fx.kpi} + 1`, `PREV(${fx.measure}, 130)`, `ROLLING_AVG(${fx.measure}, 121)`, `1/0`, `${fx.measure} +`, '('.repeat(65) + '1' + ')'.repeat(65), '1e400'),
      fc.constantFrom(fx.measure, 'GROWTH', 'PREV(', 'IF(', '+', '*', '1', '(', ')', ',', ' ', 'and').chain((t) => fc.array(fc.constant(t), { maxLength: 3 })).map((a) => a.join('')),
    );
  }
  if (/^(time|since|until|expiresat|date)$/.test(lower)) {
    return fc.constantFrom('2025-01-05T10:00:00Z', '2025-01-05T10:00:00+14:00', '2025-02-30T00:00:00Z', '1899-12-31T23:59:59Z', '+275760-09-13T00:00:00Z', '2025-03-15', 'yesterday');
  }
  if (lower === 'csv') {
    return fc
      .array(fc.oneof(fc.constant(`${fx.measure},${fx.teams.leaf},2025-04,1`), fc.constant(`${fx.measure},${fx.teams.leaf},2025-04,1e400`), hostileStrings), { maxLength: 4 })
      .map((lines) => ['measure,team,period,value', ...lines].join('\n'));
  }
  if (/type$/.test(lower) && lower !== 'type') return fc.constantFrom('TEAM', 'KPI', 'MEASURE', 'SCORECARD');
  if (lower === 'type' || lower === 'eventtype') return fc.constantFrom('ticket.resolved', 'deal.won');
  if (/timezone/.test(lower)) return fc.constantFrom('UTC', 'Europe/Berlin', 'Mars/Olympus', '+25:00');
  if (/name|description|category|unit|currency|attribute|value|id|after/.test(lower)) return fc.oneof(fc.constantFrom('Sales', 'x'), fc.string({ maxLength: 12 }));
  return fc.oneof(fc.constantFrom(...keys), fc.stringMatching(/^[a-z][a-z0-9_-]{0,8}$/));
}

const numbers: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(0, 1, -1, 0.5, 42, 1e15, 1e15 + 2, -1e16, 1e308, -1e308, 5e-324, -0, 2 ** 53 + 1) },
  { weight: 2, arbitrary: fc.double({ noNaN: true, noDefaultInfinity: true }) },
  { weight: 1, arbitrary: fc.constantFrom(INFINITY, NEG_INFINITY, BARE_NAN, 'NaN', 'Infinity', '1e999') },
);
const integers: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: fc.integer({ min: -3, max: 600 }) },
  { weight: 1, arbitrary: fc.constantFrom(2 ** 31 - 1, 2 ** 31, -(2 ** 31), -(2 ** 31) - 1, 2 ** 53, 1.5, 1e308, INFINITY) },
);
/** JSON objects nested up to 200,000 levels, and flat ones with odd keys and values. */
const jsonObjects: fc.Arbitrary<unknown> = fc.oneof(
  fc.dictionary(fc.oneof(fc.string({ maxLength: 6 }), hostileStrings), fc.oneof(fc.string({ maxLength: 6 }), numbers, fc.constant(null)), { maxKeys: 4 }),
  fc.constantFrom(50, 3000, 200_000).map(deepObject),
  fc.object({ maxDepth: 3 }),
);
const wrongType: fc.Arbitrary<unknown> = fc.oneof(fc.string({ maxLength: 8 }), fc.integer(), fc.boolean(), fc.constant(null), fc.constant({}), fc.constant([]), fc.constantFrom(20, 3000, 200_000).map(deepList), jsonObjects);

class ValueBuilder {
  constructor(private readonly types: Map<string, TypeInfo>, private readonly fx: Fixture) {}

  /** `hostile`: wrong types, unknown keys and missing fields may appear (each rarely, so several may). */
  value(t: TypeRef, name: string, hostile: boolean, depth = 0): fc.Arbitrary<unknown> {
    const right = this.right(t, name, hostile, depth);
    return hostile ? fc.oneof({ weight: 12, arbitrary: right }, { weight: 1, arbitrary: wrongType }) : right;
  }

  private right(t: TypeRef, name: string, hostile: boolean, depth: number): fc.Arbitrary<unknown> {
    if (t.kind === 'NON_NULL') return this.value(t.ofType!, name, hostile, depth);
    if (t.kind === 'LIST') {
      const item = this.value(t.ofType!, name, hostile, depth + 1);
      return fc.oneof(
        { weight: 6, arbitrary: fc.array(item, { maxLength: depth > 1 ? 2 : 4 }) },
        { weight: 1, arbitrary: item }, // a single value coerces to a list of one
        { weight: 1, arbitrary: fc.constant(null) },
      );
    }
    const info = this.types.get(t.name!);
    if (t.kind === 'ENUM') return fc.oneof({ weight: 8, arbitrary: fc.constantFrom(...info!.enumValues!.map((v) => v.name)) }, { weight: 1, arbitrary: fc.constantFrom('lower', 'NOT_A_VALUE', '') });
    if (t.kind === 'INPUT_OBJECT') return this.inputObject(info!, hostile, depth);
    switch (t.name) {
      case 'String':
      case 'ID':
        return fc.oneof({ weight: 3, arbitrary: plausibleStrings(name, this.fx) }, { weight: 2, arbitrary: hostileStrings });
      case 'Int':
        return integers;
      case 'Float':
        return numbers;
      case 'Boolean':
        return fc.boolean();
      case 'JSONObject':
        return jsonObjects;
      case 'DateTimeISO':
        return fc.oneof(plausibleStrings('time', this.fx), hostileStrings);
      default:
        throw new Error(`no generator for scalar ${t.name}`);
    }
  }

  private inputObject(info: TypeInfo, hostile: boolean, depth: number): fc.Arbitrary<unknown> {
    const fields = info.inputFields!;
    const parts: Record<string, fc.Arbitrary<unknown>> = {};
    for (const f of fields) {
      const v = this.value(f.type, f.name, hostile, depth + 1);
      // Optional fields are left out half the time; in hostile runs a required one sometimes too.
      parts[f.name] = f.type.kind === 'NON_NULL' && !hostile ? v : fc.option(v, { nil: undefined, freq: f.type.kind === 'NON_NULL' ? 12 : 2 });
    }
    const record = fc.record(parts).map((r) => Object.fromEntries(Object.entries(r).filter(([, v]) => v !== undefined)));
    if (!hostile) return record;
    return fc.tuple(record, fc.option(fc.constantFrom('unknownField', '__proto__', 'constructor', ''), { freq: 6 }), wrongType).map(([r, extra, v]) =>
      extra === null ? r : { ...r, [extra]: v },
    );
  }
}

// ---------------------------------------------------------------------------------------
// Requests.

interface Operation {
  readonly kind: 'query' | 'mutation';
  readonly field: FieldInfo;
  readonly document: string;
}

function documentFor(kind: 'query' | 'mutation', field: FieldInfo, types: Map<string, TypeInfo>): string {
  const result = named(field.type);
  let selection = '';
  if (result.kind === 'OBJECT' || result.kind === 'INTERFACE') selection = '{ __typename }';
  if (result.kind === 'UNION') {
    const members = types.get(result.name!)!.possibleTypes!.map((p) => p.name);
    selection = members.includes('InputError') ? '{ __typename ... on Problem { code message } }' : '{ __typename }';
  }
  const vars = field.args.map((a) => `$${a.name}: ${typeText(a.type)}`).join(', ');
  const args = field.args.map((a) => `${a.name}: $${a.name}`).join(', ');
  return `${kind}${vars ? `(${vars})` : ''} { ${field.name}${args ? `(${args})` : ''} ${selection} }`;
}

interface Answer { status: number; text: string; json: any }

async function send(ws: TestWorkspace, body: unknown): Promise<Answer> {
  const res = await fetch(`${baseUrl()}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${ws.token}` },
    body: bodyText(body),
    signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
  });
  const text = await res.text();
  let json: any;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, text, json };
}

/** Why the answer breaks the rule, or null when it is a result, a typed Problem or an intended error. */
function violation(answer: Answer, field: string): string | null {
  if (answer.status >= 500) return `HTTP ${answer.status}`;
  if (answer.json === undefined) return `HTTP ${answer.status} with a body that is not JSON`;
  const errors: Array<{ extensions?: { code?: unknown } }> = answer.json.errors ?? [];
  for (const e of errors) {
    const code = e.extensions?.code;
    if (typeof code !== 'string' || !INTENDED_CODES.has(code)) return `error code ${String(code)}`;
  }
  if (errors.length === 0) {
    if (answer.status !== 200) return `HTTP ${answer.status} without errors`;
    if (answer.json.data?.[field] === undefined) return 'no data and no errors';
  }
  return null;
}

let ws: TestWorkspace;
let fx: Fixture;
let operations: Operation[];
let builder: ValueBuilder;

beforeAll(async () => {
  ws = await createWorkspace('fuzz');
  fx = await buildFixture(ws, 'fuzz-marker');
  const { __schema: schema } = await ws.ok(INTROSPECTION);
  const types = new Map<string, TypeInfo>(schema.types.map((t: TypeInfo) => [t.name, t]));
  for (const code of types.get('ProblemCode')!.enumValues!) INTENDED_CODES.add(code.name);
  builder = new ValueBuilder(types, fx);
  operations = [
    ...schema.queryType.fields.map((field: FieldInfo) => ({ kind: 'query' as const, field, document: documentFor('query', field, types) })),
    ...schema.mutationType.fields.map((field: FieldInfo) => ({ kind: 'mutation' as const, field, document: documentFor('mutation', field, types) })),
  ];
});

describe('random variables for every operation get a result, a Problem or an intended error', () => {
  test('the schema has operations to fuzz', () => {
    expect(operations.map((o) => o.field.name)).toEqual(expect.arrayContaining(['recordMeasureValues', 'deleteMeasureValues', 'recordEvents', 'setTargets', 'createKpi', 'updateKpi', 'defineMeasure', 'createTeam', 'createScorecard', 'validateFormula', 'previewFormula', 'kpiValues', 'evaluateScorecard']));
  });

  // One property per operation, so that a failure names it and the others still run.
  test('every operation, well-typed and hostile variables', async () => {
    const failures: string[] = [];
    for (const op of operations) {
      if (op.field.args.length === 0 || (ONLY && !ONLY.includes(op.field.name))) continue;
      const variables = fc.boolean().chain((hostile) =>
        fc.record(Object.fromEntries(op.field.args.map((a) => [a.name, builder.value(a.type, a.name, hostile)]))),
      );
      const outcome = await fc.check(
        fc.asyncProperty(variables, async (vars) => {
          const answer = await send(ws, { query: op.document, variables: vars });
          const problem = violation(answer, op.field.name);
          if (problem) throw new Error(`${op.field.name}: ${problem}: ${answer.text.slice(0, 400)}`);
        }),
        { numRuns: RUNS_PER_OPERATION, seed: SEED, endOnFailure: false },
      );
      if (outcome.failed) {
        failures.push(`${fc.defaultReportMessage(outcome)}\n${String(outcome.errorInstance)}\nreplay: FUZZ_ONLY=${op.field.name} FUZZ_SEED=${outcome.seed}`);
      }
    }
    expect(failures).toEqual([]);
  }, Math.max(300_000, RUNS_PER_OPERATION * 30_000));
});

/**
 * Bugs the fuzzing found, each as a named example: before the fix, each of these answered
 * INTERNAL_SERVER_ERROR (or HTTP 500).
 */
describe('regressions found by fuzzing', () => {
  const RECORD = `mutation($v: [MeasureValueInput!]!) { recordMeasureValues(values: $v) {
    __typename ... on InputError { code field details { field index message } } } }`;
  const EVENTS = `mutation($e: [EventInput!]!) { recordEvents(events: $e) { __typename ... on InputError { code field details { field index message } } } }`;

  test('NUL in a batch row is INVALID_INPUT naming the row and field, and nothing is written', async () => {
    // A measure of its own, so that no fuzzed write can have given it a value.
    await defineMeasures(ws, [{ key: 'nul_check' }]);
    const values = [
      { measure: 'nul_check', team: fx.teams.leaf, period: '2025-05', value: 7 },
      { measure: 'nul_check', team: `${fx.teams.leaf}\u0000`, period: '2025-05', value: 1 },
    ];
    const answer = await send(ws, { query: RECORD, variables: { v: values } });
    expect(answer.status).toBe(200);
    const result = answer.json.data.recordMeasureValues;
    expect(result).toMatchObject({ __typename: 'InputError', code: 'INVALID_INPUT', field: 'values[1].team' });
    expect(result.details).toEqual([{ field: 'values[1].team', index: 1, message: expect.stringContaining('NUL character') }]);
    // The good first row was not written either: the leaf has no value for 2025-05.
    const read = await ws.ok(`query($m: [String!]!, $t: [String!]!) { measureValues(measures: $m, teams: $t, from: "2025-05", to: "2025-05", granularity: MONTH) { value } }`, { m: ['nul_check'], t: [fx.teams.leaf] });
    expect(read.measureValues).toEqual([{ value: null }]);
  });

  test('NUL in a query argument is a GraphQL error INVALID_INPUT naming the argument', async () => {
    const answer = await send(ws, { query: `query($k: String!) { team(key: $k) { key } }`, variables: { k: 'fx\u0000org' } });
    expect(answer.status).toBe(200);
    expect(answer.json.errors).toEqual([expect.objectContaining({ path: ['team'], extensions: { code: 'INVALID_INPUT', field: 'key' } })]);
  });

  test('NUL in an input object field and in a JSON attribute name are named too', async () => {
    const kpi = await send(ws, {
      query: `mutation($i: CreateKpiInput!) { createKpi(input: $i) { __typename ... on InputError { code field } } }`,
      variables: { i: { key: 'nul_kpi', name: 'NUL', direction: 'HIGHER_IS_BETTER', formula: `${fx.measure}\u0000 * 2` } },
    });
    expect(kpi.json.data.createKpi).toEqual({ __typename: 'InputError', code: 'INVALID_INPUT', field: 'formula' });
    const events = await send(ws, { query: EVENTS, variables: { e: [{ type: 'ticket.resolved', team: fx.teams.leaf, time: '2025-01-05T10:00:00Z', strings: { 'chan\u0000nel': 'web' } }] } });
    expect(events.json.data.recordEvents).toMatchObject({ code: 'INVALID_INPUT', field: 'events[0].strings.chan\\0nel' });
  });

  test('a lone surrogate is INVALID_INPUT instead of being stored as U+FFFD; a whole pair is kept', async () => {
    const create = `mutation($i: CreateTeamInput!) { createTeam(input: $i) { __typename ... on InputError { code field message } } }`;
    const lone = await send(ws, { query: create, variables: { i: { key: 'surrogate-team', name: 'a\ud800b' } } });
    expect(lone.json.data.createTeam).toEqual({
      __typename: 'InputError', code: 'INVALID_INPUT', field: 'name',
      message: 'name contains a lone surrogate (U+D800) at character 1, which is not valid Unicode; send the complete character.',
    });
    // U+1F600 is the pair \ud83d\ude00: stored and read back as sent.
    const pair = await send(ws, { query: create, variables: { i: { key: 'surrogate-team', name: 'a\ud83d\ude00b' } } });
    expect(pair.json.data.createTeam.__typename).toBe('TeamPayload');
    const read = await ws.ok(`{ team(key: "surrogate-team") { name } }`);
    expect(read.team.name).toBe('a😀b');
  });

  test('an event attribute nested 200,000 levels deep is INVALID_INPUT, not a stack overflow', async () => {
    const answer = await send(ws, { query: EVENTS, variables: { e: [{ type: 'ticket.resolved', team: fx.teams.leaf, time: '2025-01-05T10:00:00Z', numbers: { amount: deepObject(200_000) } }] } });
    expect(answer.status).toBe(200);
    expect(answer.json.data.recordEvents.code).toBe('INVALID_INPUT');
    expect(answer.json.data.recordEvents.details).toEqual([
      { field: 'events[0].numbers.amount', index: 0, message: 'numbers.amount must be a finite number within ±1e15, got an object.' },
    ]);
  });

  test('an unknown granularity is refused as BAD_USER_INPUT before the cost estimate can fail on it', async () => {
    for (const query of [
      `query($g: Granularity!) { measureValues(measures: ["${fx.measure}"], teams: ["${fx.teams.leaf}"], from: "1900-01", to: "2025", granularity: $g) { value } }`,
      `query($g: Granularity!) { kpiValues(kpis: ["${fx.kpi}"], teams: ["${fx.teams.leaf}"], from: "1900-01", to: "2025", granularity: $g) { value } }`,
    ]) {
      const answer = await send(ws, { query, variables: { g: 'lower' } });
      expect(answer.status).toBe(400);
      expect(answer.json.errors.map((e: { extensions: { code: string } }) => e.extensions.code)).toEqual(['BAD_USER_INPUT']);
    }
  });

  test('a CSV line with a quote inside an unquoted field is rejected by line number', async () => {
    const csv = `measure,team,period,value\n${fx.measure},${fx.teams.leaf},2025-06,1\n0-a0",${fx.teams.leaf},2025-07,2\n`;
    const answer = await send(ws, {
      query: `mutation($csv: String!) { importMeasureValuesCsv(csv: $csv) { __typename ... on CsvRejectedType { code errors { line field message } } } }`,
      variables: { csv },
    });
    expect(answer.status).toBe(200);
    const result = answer.json.data.importMeasureValuesCsv;
    expect(result.code).toBe('INVALID_INPUT');
    // Header line 1, a good line 2, the stray quote on line 3.
    expect(result.errors).toEqual([{ line: 3, field: 'csv', message: expect.stringContaining('not valid CSV') }]);
  });
});

test('the server is healthy afterwards and still answers', async () => {
  const health = await fetch(`${baseUrl()}/health`, { signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
  expect(health.status).toBe(200);
  const data = await ws.ok(`query($k: String!) { team(key: $k) { key } }`, { k: fx.teams.leaf });
  expect(data.team.key).toBe(fx.teams.leaf);
});
