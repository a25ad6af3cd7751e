/** KPI definitions over HTTP: formulas checked before saving, versions, archive rules. */
import { createWorkspace, type TestWorkspace } from './harness/client';
import { createKpi, defineMeasures, KPI_RESULT, mustCreateKpi } from './harness/crm';

let ws: TestWorkspace;
const kpiKeys = async () => (await ws.ok(`{ kpis(filter: { archived: null }) { key } }`)).kpis.map((k: { key: string }) => k.key);

beforeAll(async () => {
  ws = await createWorkspace('kpis');
  await defineMeasures(ws, [{ key: 'won_deals' }, { key: 'leads' }, { key: 'revenue' }, { key: 'old_metric' }]);
  await mustCreateKpi(ws, { key: 'conversion_rate', formula: 'won_deals / leads * 100', category: 'market expansion' });
});

test('a saved KPI lists the measures and KPIs its formula reads, and who reads it', async () => {
  await mustCreateKpi(ws, { key: 'conversion_growth', formula: 'GROWTH(conversion_rate)', direction: 'HIGHER_IS_BETTER' });
  const { kpi } = await ws.ok(`{ kpi(key: "conversion_rate") { measureDependencies kpiDependencies dependents versions { version effectiveFrom } } }`);
  expect(kpi).toEqual({ measureDependencies: ['won_deals', 'leads'], kpiDependencies: [], dependents: ['conversion_growth'], versions: [{ version: 1, effectiveFrom: null }] });
  const growth = await ws.ok(`{ kpi(key: "conversion_growth") { kpiDependencies } }`);
  expect(growth.kpi.kpiDependencies).toEqual(['conversion_rate']);
});

test('a syntax error is refused with its position and nothing is saved', async () => {
  const before = await kpiKeys();
  const r = await createKpi(ws, { key: 'broken', formula: 'won_deals / (leads' });
  expect(r.__typename).toBe('FormulaInvalid');
  expect(r.errors[0].code).toBe('SYNTAX');
  expect(r.errors[0].position.line).toBe(1);
  expect(await kpiKeys()).toEqual(before);
});

test('an unknown reference names the offending word, its position, and a suggestion', async () => {
  const r = await createKpi(ws, { key: 'typo', formula: 'won_deals /\n  Leads' });
  expect(r.__typename).toBe('FormulaInvalid');
  expect(r.errors[0]).toMatchObject({ code: 'UNKNOWN_REFERENCE', position: { offset: 14, line: 2, column: 3, length: 5 } });
  expect(r.errors[0].message).toContain('leads');
});

test('a KPI referring to itself is a CYCLE', async () => {
  const r = await createKpi(ws, { key: 'selfish', formula: 'selfish + 1' });
  expect(r.errors[0].code).toBe('CYCLE');
});

test('an update that would close a cycle is refused with the path, and the KPI keeps its formula', async () => {
  await mustCreateKpi(ws, { key: 'a_kpi', formula: 'revenue * 2' });
  await mustCreateKpi(ws, { key: 'b_kpi', formula: 'a_kpi + 1' });
  const a = await ws.ok(`{ kpi(key: "a_kpi") { revision } }`);
  const r = await ws.ok(`mutation($i: UpdateKpiInput!) { updateKpi(input: $i) { ${KPI_RESULT} } }`, {
    i: { key: 'a_kpi', revision: a.kpi.revision, formula: 'b_kpi * 2', effectiveFrom: '2025-01' },
  });
  expect(r.updateKpi.__typename).toBe('FormulaInvalid');
  expect(r.updateKpi.errors[0].code).toBe('CYCLE');
  expect(r.updateKpi.errors[0].path).toEqual(['a_kpi', 'b_kpi', 'a_kpi']);
  expect((await ws.ok(`{ kpi(key: "a_kpi") { formula versions { version } } }`)).kpi).toEqual({ formula: 'revenue * 2', versions: [{ version: 1 }] });
});

test('keys: reserved function names, measure keys and malformed keys are refused', async () => {
  expect((await createKpi(ws, { key: 'sum', formula: '1' })).code).toBe('INVALID_KEY');
  expect((await createKpi(ws, { key: 'revenue', formula: '1' })).code).toBe('ALREADY_EXISTS');
  expect((await createKpi(ws, { key: 'Conversion', formula: '1' })).code).toBe('INVALID_KEY');
  expect((await createKpi(ws, { key: 'x'.repeat(65), formula: '1' })).code).toBe('INVALID_KEY');
});

test('malicious formulas are refused as typed errors, never run', async () => {
  for (const formula of ['constructor.constructor("return process")()', 'revenue.constructor', 'f(x) = x', '[1,2]', '"text"', 'import("fs")', '1; 2']) {
    const r = await createKpi(ws, { key: 'evil', formula });
    expect(r.__typename).toBe('FormulaInvalid');
    expect(['SYNTAX', 'FORBIDDEN_CONSTRUCT', 'UNKNOWN_REFERENCE']).toContain(r.errors[0].code);
  }
  expect(await kpiKeys()).not.toContain('evil');
});

test('a new formula needs effectiveFrom and becomes version 2; earlier versions are kept', async () => {
  const { kpi } = await ws.ok(`{ kpi(key: "conversion_rate") { revision } }`);
  const missing = await ws.ok(`mutation($i: UpdateKpiInput!) { updateKpi(input: $i) { ${KPI_RESULT} } }`, { i: { key: 'conversion_rate', revision: kpi.revision, formula: 'won_deals / leads' } });
  expect(missing.updateKpi).toMatchObject({ __typename: 'InputError', code: 'INVALID_INPUT' });
  const r = await ws.ok(`mutation($i: UpdateKpiInput!) { updateKpi(input: $i) { ${KPI_RESULT} } }`, {
    i: { key: 'conversion_rate', revision: kpi.revision, formula: 'won_deals / leads * 1000', effectiveFrom: '2025-Q3' },
  });
  expect(r.updateKpi.kpi.versions).toEqual([
    { version: 1, formula: 'won_deals / leads * 100', effectiveFrom: null },
    { version: 2, formula: 'won_deals / leads * 1000', effectiveFrom: '2025-Q3' },
  ]);
  const stale = await ws.ok(`mutation($i: UpdateKpiInput!) { updateKpi(input: $i) { ${KPI_RESULT} } }`, { i: { key: 'conversion_rate', revision: kpi.revision, name: 'x' } });
  expect(stale.updateKpi).toMatchObject({ __typename: 'Conflict', currentRevision: kpi.revision + 1 });
  const early = await ws.ok(`mutation($i: UpdateKpiInput!) { updateKpi(input: $i) { ${KPI_RESULT} } }`, {
    i: { key: 'conversion_rate', revision: kpi.revision + 1, formula: 'won_deals', effectiveFrom: '2025-Q2' },
  });
  expect(early.updateKpi.code).toBe('INVALID_INPUT');
});

test('archiving a KPI that others use is IN_USE naming them; an unused one archives', async () => {
  const { kpi } = await ws.ok(`{ kpi(key: "a_kpi") { revision } }`);
  const r = await ws.ok(`mutation { archiveKpi(key: "a_kpi", revision: ${kpi.revision}) { ${KPI_RESULT} } }`);
  expect(r.archiveKpi).toMatchObject({ __typename: 'InUse', usedBy: ['b_kpi'] });
  const b = await ws.ok(`{ kpi(key: "b_kpi") { revision } }`);
  const ok = await ws.ok(`mutation { archiveKpi(key: "b_kpi", revision: ${b.kpi.revision}) { ${KPI_RESULT} } }`);
  expect(ok.archiveKpi.__typename).toBe('KpiSaved');
  expect(await kpiKeys()).not.toContain('b_kpi');
  // An archived KPI cannot be used by a new formula.
  const r2 = await createKpi(ws, { key: 'uses_archived', formula: 'b_kpi * 2' });
  expect(r2.errors[0].message).toContain('archived');
});

test('kpis filters by category and text', async () => {
  const byCategory = await ws.ok(`{ kpis(filter: { category: "market expansion" }) { key } }`);
  expect(byCategory.kpis.map((k: { key: string }) => k.key)).toEqual(['conversion_rate']);
  const byText = await ws.ok(`{ kpis(filter: { text: "GROWTH" }) { key } }`);
  expect(byText.kpis.map((k: { key: string }) => k.key)).toEqual(['conversion_growth']);
});

test('validateFormula reports references, functions and every error without saving', async () => {
  const { validateFormula } = await ws.ok(`{ validateFormula(formula: "YTD(won_deals) / IF(leads > 0, leads, 1)") { valid errors { code } measures kpis functions } }`);
  expect(validateFormula).toEqual({ valid: true, errors: [], measures: ['won_deals', 'leads'], kpis: [], functions: ['YTD', 'IF'] });
  const bad = await ws.ok(`{ validateFormula(formula: "nope + alsonope") { valid errors { code position { offset } } } }`);
  expect(bad.validateFormula.valid).toBe(false);
  expect(bad.validateFormula.errors.map((e: { position: { offset: number } }) => e.position.offset)).toEqual([0, 7]);
});

test('functions lists every formula function with its docs', async () => {
  const { functions } = await ws.ok(`{ functions { name family doc blankRule } }`);
  const names = functions.map((f: { name: string }) => f.name);
  for (const name of ['IF', 'IFERROR', 'COALESCE', 'ISBLANK', 'DIVIDE', 'ROUND', 'SUM', 'PREV', 'PREV_YEAR', 'GROWTH', 'YTD', 'QTD', 'ROLLING', 'ROLLING_AVG', 'PARENT', 'TOTAL']) {
    expect(names).toContain(name);
  }
  expect(functions.every((f: { doc: string }) => f.doc.length > 10)).toBe(true);
});
