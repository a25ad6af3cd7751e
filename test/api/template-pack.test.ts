/**
 * installTemplatePack("crm-starter") over real HTTP: the content of CATALOG.md, written
 * out here independently of the pack's own data, idempotence, conflicts, and refusals.
 */
import { createWorkspace, gql, ok, type TestWorkspace } from './harness/client';
import { keyWithRole, mustDefine } from './harness/measure-fixtures';
import { mustCreateKpi } from './harness/crm';

const INSTALLED = `__typename
  ... on TemplatePackInstalled { pack { key measureCount kpiCount scorecardCount }
    measures { created unchanged skipped } kpis { created unchanged skipped } scorecards { created unchanged skipped }
    conflicts { kind key status reason } outcomes { kind key status } }
  ... on Problem { code message } ... on NotFound { key field }`;
const install = (ws: TestWorkspace, pack = 'crm-starter') =>
  ws.ok(`mutation($p: String!) { installTemplatePack(pack: $p) { ${INSTALLED} } }`, { p: pack }).then((d) => d.installTemplatePack);

/** CATALOG.md, "Base measures": key, unit, time rule. */
const CATALOG_MEASURES: Array<[key: string, unit: string, over: string]> = [
  ['leads', 'COUNT', 'SUM'], ['won_deals', 'COUNT', 'SUM'], ['new_customers', 'COUNT', 'SUM'], ['customers_start', 'COUNT', 'FIRST'],
  ['active_customers_end', 'COUNT', 'LAST'], ['lost_customers', 'COUNT', 'SUM'], ['repeat_customers', 'COUNT', 'SUM'],
  ['purchasing_customers', 'COUNT', 'SUM'], ['referred_customers', 'COUNT', 'SUM'], ['revenue', 'CURRENCY', 'SUM'], ['orders', 'COUNT', 'SUM'],
  ['gross_margin', 'CURRENCY', 'SUM'], ['marketing_spend', 'CURRENCY', 'SUM'], ['sales_cost', 'CURRENCY', 'SUM'],
  ['other_acquisition_cost', 'CURRENCY', 'SUM'], ['sales_reps', 'COUNT', 'AVERAGE'], ['sales_cycle_days', 'DAYS', 'SUM'],
  ['customer_contacts', 'COUNT', 'SUM'], ['csat_responses', 'COUNT', 'SUM'], ['csat_satisfied', 'COUNT', 'SUM'], ['nps_responses', 'COUNT', 'SUM'],
  ['nps_promoters', 'COUNT', 'SUM'], ['nps_detractors', 'COUNT', 'SUM'], ['tickets', 'COUNT', 'SUM'], ['tickets_resolved', 'COUNT', 'SUM'],
  ['first_contact_resolved', 'COUNT', 'SUM'], ['first_response_seconds', 'SECONDS', 'SUM'], ['support_interactions', 'COUNT', 'SUM'],
  ['complaints', 'COUNT', 'SUM'], ['complaints_resolved', 'COUNT', 'SUM'], ['complaint_resolution_seconds', 'SECONDS', 'SUM'],
  ['campaign_participants', 'COUNT', 'SUM'], ['campaign_conversions', 'COUNT', 'SUM'], ['campaign_goal', 'COUNT', 'SUM'],
  ['campaign_budget', 'CURRENCY', 'SUM'], ['campaign_spend', 'CURRENCY', 'SUM'], ['employee_satisfaction_points', 'POINTS', 'SUM'],
  ['employee_survey_responses', 'COUNT', 'SUM'], ['trainings_assigned', 'COUNT', 'SUM'], ['trainings_completed', 'COUNT', 'SUM'],
];

/** CATALOG.md, "KPIs" and "Default targets of the scorecard KPIs". */
const H = 'HIGHER_IS_BETTER';
const L = 'LOWER_IS_BETTER';
const CATALOG_KPIS: Array<[key: string, formula: string, direction: string, category: string, defaultTarget: number | null]> = [
  ['cac', '(marketing_spend + sales_cost + other_acquisition_cost) / new_customers', L, 'market expansion', 800],
  ['conversion_rate', 'won_deals / leads * 100', H, 'market expansion', 20],
  ['new_customer_rate', 'new_customers / active_customers_end * 100', H, 'market expansion', null],
  ['churn_rate', 'lost_customers / customers_start * 100', L, 'customer satisfaction', 5],
  ['retention_rate', 'active_customers_end / customers_start * 100', H, 'customer satisfaction', 90],
  ['repeat_purchase_rate', 'repeat_customers / purchasing_customers * 100', H, 'customer satisfaction', null],
  ['csat', 'csat_satisfied / csat_responses * 100', H, 'customer satisfaction', 85],
  ['nps', '(nps_promoters - nps_detractors) / nps_responses * 100', H, 'customer satisfaction', 30],
  ['referral_rate', 'referred_customers / new_customers * 100', H, 'market expansion', null],
  ['sales_growth', 'GROWTH(revenue) * 100', H, 'market expansion', 5],
  ['aov', 'revenue / orders', H, 'customer value', null],
  ['revenue_per_rep', 'revenue / sales_reps', H, 'employee performance', 300000],
  ['sales_cycle', 'sales_cycle_days / won_deals', L, 'service efficiency', null],
  ['contact_frequency', 'customer_contacts / won_deals', L, 'service efficiency', null],
  ['clv', '(gross_margin / active_customers_end) / (churn_rate / 100)', H, 'customer value', null],
  ['ltv_cac_ratio', 'clv / cac', H, 'customer value', null],
  ['first_response_time', 'first_response_seconds / tickets / 3600', L, 'service efficiency', 4],
  ['resolution_rate', 'tickets_resolved / tickets * 100', H, 'service efficiency', 90],
  ['first_contact_resolution', 'first_contact_resolved / tickets * 100', H, 'service efficiency', 70],
  ['interactions_per_ticket', 'support_interactions / tickets', L, 'service efficiency', null],
  ['complaint_rate', 'complaints / active_customers_end * 100', L, 'customer satisfaction', 2],
  ['complaint_handling_hours', 'complaint_resolution_seconds / complaints_resolved / 3600', L, 'service efficiency', 48],
  ['campaign_conversion_rate', 'campaign_conversions / campaign_participants * 100', H, 'market expansion', null],
  ['campaign_goal_attainment', 'campaign_conversions / campaign_goal * 100', H, 'market expansion', 100],
  ['budget_execution', 'campaign_spend / campaign_budget * 100', 'CLOSER_IS_BETTER', 'market expansion', 100],
  ['employee_satisfaction', 'employee_satisfaction_points / employee_survey_responses', H, 'employee performance', 4],
  ['training_completion', 'trainings_completed / trainings_assigned * 100', H, 'employee performance', 95],
];

describe('installing the CRM starter pack into an empty workspace', () => {
  let ws: TestWorkspace;
  let first: any;
  beforeAll(async () => {
    ws = await createWorkspace('template-pack');
    first = await install(ws);
  });

  test('templatePacks lists the pack with what it holds', async () => {
    const { templatePacks } = await ws.ok(`{ templatePacks { key name measureCount kpiCount scorecardCount measures kpis scorecards } }`);
    expect(templatePacks).toEqual([expect.objectContaining({ key: 'crm-starter', measureCount: 40, kpiCount: 27, scorecardCount: 1, scorecards: ['crm-quarterly-review'] })]);
    expect(templatePacks[0].measures).toEqual(CATALOG_MEASURES.map(([key]) => key));
    expect(templatePacks[0].kpis).toEqual(CATALOG_KPIS.map(([key]) => key));
  });

  test('the first install creates 40 measures, 27 KPIs and the scorecard, with no conflicts', () => {
    expect(first).toMatchObject({
      __typename: 'TemplatePackInstalled',
      pack: { key: 'crm-starter', measureCount: 40, kpiCount: 27, scorecardCount: 1 },
      measures: { created: 40, unchanged: 0, skipped: 0 }, kpis: { created: 27, unchanged: 0, skipped: 0 }, scorecards: { created: 1, unchanged: 0, skipped: 0 },
      conflicts: [],
    });
  });

  test('KPIs are created after the KPIs they read: churn_rate before clv, clv and cac before ltv_cac_ratio', () => {
    const order = first.outcomes.filter((o: any) => o.kind === 'KPI').map((o: any) => o.key);
    expect(order.indexOf('churn_rate')).toBeLessThan(order.indexOf('clv'));
    expect(order.indexOf('clv')).toBeLessThan(order.indexOf('ltv_cac_ratio'));
    expect(order.indexOf('cac')).toBeLessThan(order.indexOf('ltv_cac_ratio'));
  });

  test('the measures are those of CATALOG.md: keys, units, time rules, monthly, money in CNY', async () => {
    const { measures } = await ws.ok(`{ measures { key name unit currency timeAggregation teamAggregation grain } }`);
    expect(measures.map((m: any) => [m.key, m.unit, m.timeAggregation]).sort()).toEqual([...CATALOG_MEASURES].sort());
    for (const m of measures) {
      expect(m).toMatchObject({ grain: 'MONTH', teamAggregation: 'SUM', currency: m.unit === 'CURRENCY' ? 'CNY' : null });
    }
    expect(measures.find((m: any) => m.key === 'leads').name).toBe('Leads 潜在客户');
    expect(measures.find((m: any) => m.key === 'purchasing_customers').name).toBe('Buying customers');
  });

  test('the KPIs are those of CATALOG.md: keys, formulas, directions, perspectives and default targets', async () => {
    const { kpis } = await ws.ok(`{ kpis { key name formula direction category defaultTarget displayFormat unit } }`);
    expect(kpis.map((k: any) => [k.key, k.formula, k.direction, k.category, k.defaultTarget]).sort()).toEqual([...CATALOG_KPIS].sort());
    const format = Object.fromEntries(kpis.map((k: any) => [k.key, [k.displayFormat, k.unit]]));
    expect(format.conversion_rate).toEqual(['PERCENT', '%']);
    expect(format.cac).toEqual(['CURRENCY', 'CNY']);
    expect(format.first_response_time).toEqual(['DURATION', 'hours']);
    expect(format.sales_cycle).toEqual(['DURATION', 'days']);
    expect(kpis.find((k: any) => k.key === 'clv').name).toBe('Customer lifetime value 客户终身价值');
  });

  test('every formula of the pack validates against the installed workspace', async () => {
    for (const [key, formula] of CATALOG_KPIS) {
      const { validateFormula } = await ws.ok(`query($f: String!, $k: String) { validateFormula(formula: $f, kpi: $k) { valid errors { message } } }`, { f: formula, k: key });
      expect({ key, ...validateFormula }).toEqual({ key, valid: true, errors: [] });
    }
  });

  test('the scorecard has the four perspectives with the weights of CATALOG.md, RATIO scoring, cap 1.2 and EXCLUDE', async () => {
    const { scorecard } = await ws.ok(`{ scorecard(key: "crm-quarterly-review") { key name missingData cap statusBands { onTrack }
      sections { key name weight items { kpi weight method } } } }`);
    expect(scorecard).toMatchObject({ key: 'crm-quarterly-review', name: 'Quarterly customer-management review 客户管理季度考核', missingData: 'EXCLUDE', cap: 1.2, statusBands: null });
    const sections = scorecard.sections.map((s: any) => [s.name, s.weight, s.items.map((i: any) => [i.kpi, i.weight])]);
    expect(sections).toEqual([
      ['Customer satisfaction', 35, [['csat', 3], ['nps', 3], ['retention_rate', 2], ['churn_rate', 2], ['complaint_rate', 1]]],
      ['Service efficiency', 25, [['first_response_time', 2], ['resolution_rate', 2], ['first_contact_resolution', 1], ['complaint_handling_hours', 1]]],
      ['Market expansion', 25, [['sales_growth', 3], ['conversion_rate', 2], ['cac', 2], ['campaign_goal_attainment', 1]]],
      ['Employee performance', 15, [['revenue_per_rep', 2], ['training_completion', 1], ['employee_satisfaction', 1]]],
    ]);
    expect(scorecard.sections.flatMap((s: any) => s.items.map((i: any) => i.method))).toEqual(Array(16).fill('RATIO'));
  });

  test('installing again creates nothing and changes nothing', async () => {
    const state = () => ws.ok(`{ measures { key revision } kpis { key revision versions { version } } scorecards { key revision versions { version } } }`);
    const before = await state();
    const second = await install(ws);
    expect(second).toMatchObject({
      __typename: 'TemplatePackInstalled',
      measures: { created: 0, unchanged: 40, skipped: 0 }, kpis: { created: 0, unchanged: 27, skipped: 0 }, scorecards: { created: 0, unchanged: 1, skipped: 0 },
      conflicts: [],
    });
    expect(await state()).toEqual(before);
  });
});

describe('installing over definitions that differ', () => {
  let ws: TestWorkspace;
  let result: any;
  beforeAll(async () => {
    ws = await createWorkspace('template-pack-conflicts');
    await mustDefine(ws, { key: 'leads', name: 'Leads', unit: 'COUNT', grain: 'MONTH', timeAggregation: 'LAST' });
    await mustDefine(ws, { key: 'won_deals', name: 'Won deals 成交客户', unit: 'COUNT', grain: 'MONTH' });
    await mustDefine(ws, { key: 'aov', name: 'AOV as a measure', unit: 'CURRENCY', currency: 'CNY', grain: 'MONTH' });
    await mustCreateKpi(ws, { key: 'conversion_rate', formula: 'won_deals / leads' });
    result = await install(ws);
  });

  test('a key with another definition is skipped with the fields that differ; an identical one is unchanged', () => {
    expect(result).toMatchObject({ measures: { created: 38, unchanged: 1, skipped: 1 }, kpis: { created: 25, unchanged: 0, skipped: 2 }, scorecards: { created: 1 } });
    const conflicts = Object.fromEntries(result.conflicts.map((c: any) => [`${c.kind}:${c.key}`, c.reason]));
    expect(Object.keys(conflicts).sort()).toEqual(['KPI:aov', 'KPI:conversion_rate', 'MEASURE:leads']);
    expect(conflicts['MEASURE:leads']).toMatch(/timeAggregation \("LAST" here, "SUM" in the pack\)/);
    expect(conflicts['MEASURE:leads']).toMatch(/name \("Leads" here, "Leads 潜在客户" in the pack\)/);
    expect(conflicts['KPI:conversion_rate']).toMatch(/formula \("won_deals \/ leads" here, "won_deals \/ leads \* 100" in the pack\)/);
    expect(conflicts['KPI:aov']).toMatch(/already used by a measure/);
    expect(result.outcomes).toContainEqual({ kind: 'MEASURE', key: 'won_deals', status: 'UNCHANGED' });
  });

  test('nothing that existed was overwritten', async () => {
    const d = await ws.ok(`{ measure(key: "leads") { timeAggregation name } kpi(key: "conversion_rate") { formula revision } }`);
    expect(d).toEqual({ measure: { timeAggregation: 'LAST', name: 'Leads' }, kpi: { formula: 'won_deals / leads', revision: 1 } });
  });
});

describe('refusals', () => {
  let ws: TestWorkspace;
  beforeAll(async () => { ws = await createWorkspace('template-pack-refusals'); });

  test('an unknown pack is NOT_FOUND, naming the packs there are, and nothing is written', async () => {
    const r = await install(ws, 'crm-deluxe');
    expect(r).toMatchObject({ __typename: 'NotFound', code: 'NOT_FOUND', key: 'crm-deluxe', field: 'pack' });
    expect(r.message).toContain('"crm-starter"');
    expect((await ws.ok(`{ measures { key } }`)).measures).toEqual([]);
  });

  test.each(['VIEWER', 'INGEST'])('a %s key may not install a pack', async (role) => {
    const token = await keyWithRole(ws, role);
    const r = await gql(token, `mutation { installTemplatePack(pack: "crm-starter") { __typename } }`);
    expect(r.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect((await ws.ok(`{ measures { key } }`)).measures).toEqual([]);
  });

  test('an EDITOR key may', async () => {
    const token = await keyWithRole(ws, 'EDITOR');
    const r = await ok(token, `mutation { installTemplatePack(pack: "crm-starter") { __typename ... on TemplatePackInstalled { kpis { created } } } }`);
    expect(r.installTemplatePack).toEqual({ __typename: 'TemplatePackInstalled', kpis: { created: 27 } });
  });
});
