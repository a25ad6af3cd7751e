/**
 * The demo generator, without a database: the relationships every generated row must
 * keep (won ≤ leads, resolved ≤ tickets, balances carried from month to month, …), where
 * each subject is recorded, the edge cases it promises, and determinism.
 */
import { CRM_MEASURES } from '../../src/domain/crm-starter';
import { DEMO_MONTHS } from '../../src/domain/demo-data-calendar';
import { type DemoValue, generateDemoValues } from '../../src/domain/demo-data-generator';
import { DEMO_LEAF_TEAMS, DEMO_TEAMS } from '../../src/domain/demo-data-organisation';

const rows = generateDemoValues();
const MONTHS = DEMO_MONTHS.map((m) => m.key);

/** team → month → measure → value. */
const cells = new Map<string, Map<string, Map<string, number>>>();
for (const r of rows) {
  const byMonth = cells.get(r.team) ?? new Map<string, Map<string, number>>();
  const byMeasure = byMonth.get(r.period) ?? new Map<string, number>();
  byMeasure.set(r.measure, r.value);
  byMonth.set(r.period, byMeasure);
  cells.set(r.team, byMonth);
}
/** Every (team, month) that recorded `measure`, with its other values of that month. */
function monthsWith(measure: string): Array<{ team: string; month: string; v: (m: string) => number }> {
  const out: Array<{ team: string; month: string; v: (m: string) => number }> = [];
  for (const [team, byMonth] of cells) {
    for (const [month, values] of byMonth) {
      if (!values.has(measure)) continue;
      out.push({ team, month, v: (m) => { const x = values.get(m); if (x === undefined) throw new Error(`${team} ${month} has ${measure} but no ${m}`); return x; } });
    }
  }
  return out;
}
const leafOf = new Map(DEMO_LEAF_TEAMS.flatMap((t) => [[t.key, t] as const, ...t.people.map((p) => [p.key, t] as const)]));

test('the demo covers the 24 months 2024-01 … 2025-12', () => {
  expect(MONTHS).toHaveLength(24);
  expect([MONTHS[0], MONTHS[23]]).toEqual(['2024-01', '2025-12']);
  expect(new Set(rows.map((r) => r.period))).toEqual(new Set(MONTHS));
});

test('every value is a finite, non-negative whole number of a pack measure, once per measure, team and month', () => {
  const measures = new Set(CRM_MEASURES.map((m) => m.key));
  expect(rows.filter((r) => !measures.has(r.measure) || !Number.isInteger(r.value) || r.value < 0)).toEqual([]);
  expect(new Set(rows.map((r) => `${r.measure}|${r.team}|${r.period}`)).size).toBe(rows.length);
});

test('values are recorded on people and leaf teams of the demo organisation, never on departments', () => {
  const teams = new Set(rows.map((r) => r.team));
  for (const team of teams) expect(leafOf.has(team)).toBe(true);
  expect(DEMO_TEAMS.filter((t) => teams.has(t.key) && ['company', 'sales', 'service'].includes(t.key))).toEqual([]);
  for (const t of DEMO_LEAF_TEAMS) expect(t.people.length === 2 || t.people.length === 3).toBe(true);
});

test('sales measures only on sales teams, service measures on service teams, campaigns on marketing, employee measures on everyone', () => {
  const kindsOf = (measure: string) => new Set(rows.filter((r) => r.measure === measure).map((r) => leafOf.get(r.team)!.kind));
  for (const m of ['leads', 'won_deals', 'revenue', 'customers_start', 'nps_responses', 'sales_reps', 'marketing_spend']) expect(kindsOf(m)).toEqual(new Set(['sales']));
  for (const m of ['tickets', 'first_response_seconds', 'complaints', 'csat_responses']) expect(kindsOf(m)).toEqual(new Set(['service']));
  for (const m of ['campaign_participants', 'campaign_budget']) expect(kindsOf(m)).toEqual(new Set(['marketing']));
  const people = DEMO_LEAF_TEAMS.flatMap((t) => t.people.map((p) => p.key));
  expect(new Set(rows.filter((r) => r.measure === 'trainings_assigned').map((r) => r.team))).toEqual(new Set(people));
});

describe('relationships hold in every generated month', () => {
  test('the funnel: new customers ≤ won deals ≤ leads, referred ≤ new customers', () => {
    for (const { v } of monthsWith('leads')) {
      expect(v('won_deals')).toBeLessThanOrEqual(v('leads'));
      expect(v('new_customers')).toBeLessThanOrEqual(v('won_deals'));
      expect(v('referred_customers')).toBeLessThanOrEqual(v('new_customers'));
    }
  });

  test('the customer book: end = start + new − lost, lost ≤ start, repeat ≤ buying ≤ start + new, orders ≥ buying', () => {
    for (const { v } of monthsWith('customers_start')) {
      expect(v('active_customers_end')).toBe(v('customers_start') + v('new_customers') - v('lost_customers'));
      expect(v('lost_customers')).toBeLessThanOrEqual(v('customers_start'));
      expect(v('repeat_customers')).toBeLessThanOrEqual(v('purchasing_customers'));
      expect(v('purchasing_customers')).toBeLessThanOrEqual(v('customers_start') + v('new_customers'));
      expect(v('orders')).toBeGreaterThanOrEqual(v('purchasing_customers'));
      expect(v('gross_margin')).toBeLessThan(v('revenue'));
    }
  });

  test("a month's customers at start are the previous month's active customers at end", () => {
    for (const [team, byMonth] of cells) {
      if (!byMonth.get(MONTHS[0])?.has('customers_start')) continue;
      for (let i = 1; i < MONTHS.length; i++) {
        expect({ team, month: MONTHS[i], start: byMonth.get(MONTHS[i])!.get('customers_start') })
          .toEqual({ team, month: MONTHS[i], start: byMonth.get(MONTHS[i - 1])!.get('active_customers_end') });
      }
    }
  });

  test('sales cycle days are about 20–60 per won deal, contacts at least a few per won deal', () => {
    for (const { v } of monthsWith('won_deals')) {
      if (v('won_deals') === 0) continue;
      expect(v('sales_cycle_days') / v('won_deals')).toBeGreaterThan(20);
      expect(v('sales_cycle_days') / v('won_deals')).toBeLessThan(60);
      expect(v('customer_contacts') / v('won_deals')).toBeGreaterThan(4);
    }
  });

  test('NPS: promoters + detractors ≤ responses', () => {
    for (const { v } of monthsWith('nps_responses')) expect(v('nps_promoters') + v('nps_detractors')).toBeLessThanOrEqual(v('nps_responses'));
  });

  test('service: first-contact resolved ≤ resolved ≤ tickets, CSAT satisfied ≤ responses, complaints resolved ≤ complaints', () => {
    for (const { v } of monthsWith('tickets')) {
      expect(v('tickets_resolved')).toBeLessThanOrEqual(v('tickets'));
      expect(v('first_contact_resolved')).toBeLessThanOrEqual(v('tickets_resolved'));
      expect(v('csat_satisfied')).toBeLessThanOrEqual(v('csat_responses'));
      expect(v('csat_responses')).toBeLessThanOrEqual(v('tickets_resolved'));
      expect(v('complaints_resolved')).toBeLessThanOrEqual(v('complaints'));
      expect(v('support_interactions')).toBeGreaterThanOrEqual(v('tickets'));
    }
  });

  test('first response takes between 20 minutes and 8 hours per ticket on average; a complaint 1–100 hours', () => {
    for (const { v } of monthsWith('tickets')) {
      const hours = v('first_response_seconds') / v('tickets') / 3600;
      expect(hours).toBeGreaterThan(1 / 3);
      expect(hours).toBeLessThan(8);
      if (v('complaints_resolved') > 0) {
        const complaintHours = v('complaint_resolution_seconds') / v('complaints_resolved') / 3600;
        expect(complaintHours).toBeGreaterThan(1);
        expect(complaintHours).toBeLessThan(100);
      }
    }
  });

  test('campaigns: conversions ≤ participants, spend within 20 % of the budget', () => {
    for (const { v } of monthsWith('campaign_participants')) {
      expect(v('campaign_conversions')).toBeLessThanOrEqual(v('campaign_participants'));
      expect(Math.abs(v('campaign_spend') / v('campaign_budget') - 1)).toBeLessThan(0.2);
    }
  });

  test('employees: trainings completed ≤ assigned; one survey answer of 1–5 points per person and quarter', () => {
    for (const { v } of monthsWith('trainings_assigned')) expect(v('trainings_completed')).toBeLessThanOrEqual(v('trainings_assigned'));
    for (const { month, v } of monthsWith('employee_survey_responses')) {
      expect(Number(month.slice(5)) % 3).toBe(0);
      expect(v('employee_survey_responses')).toBe(1);
      expect(v('employee_satisfaction_points')).toBeGreaterThanOrEqual(1);
      expect(v('employee_satisfaction_points')).toBeLessThanOrEqual(5);
    }
  });
});

describe('the edge cases the demo promises', () => {
  test('a rep has a month with 0 leads (conversion_rate: DIV_BY_ZERO there)', () => {
    expect(monthsWith('leads').filter(({ v }) => v('leads') === 0).map(({ team, month }) => `${team} ${month}`)).toEqual(['sales-north-zhou-tao 2025-02']);
  });

  test('marketing has months without any campaign (blank, not 0)', () => {
    const campaignMonths = new Set(monthsWith('campaign_participants').map((c) => c.month));
    expect(MONTHS.filter((m) => !campaignMonths.has(m))).toEqual(['2024-02', '2025-01']);
  });
});

describe('the story the numbers tell', () => {
  const quarterSum = (leaf: string, measure: string, months: readonly string[]) =>
    rows.filter((r: DemoValue) => r.measure === measure && leafOf.get(r.team)?.key === leaf && months.includes(r.period)).reduce((a, r) => a + r.value, 0);
  const q = (year: number, quarter: number) => MONTHS.filter((m) => m.startsWith(`${year}-`) && Math.ceil(Number(m.slice(5)) / 3) === quarter);
  const conversion = (leaf: string, months: readonly string[]) => quarterSum(leaf, 'won_deals', months) / quarterSum(leaf, 'leads', months);

  test('sales-north converts worse than sales-east, and worse every year', () => {
    expect(conversion('sales-north', q(2025, 4))).toBeLessThan(conversion('sales-east', q(2025, 4)));
    expect(conversion('sales-north', q(2025, 4))).toBeLessThan(conversion('sales-north', q(2024, 4)));
  });

  test("sales-north's churn rises", () => {
    const churn = (months: readonly string[]) => quarterSum('sales-north', 'lost_customers', months) / quarterSum('sales-north', 'customers_start', months.slice(0, 1));
    expect(churn(q(2025, 4))).toBeGreaterThan(1.5 * churn(q(2024, 1)));
  });

  test('Q4 is the peak and the Spring Festival month the low of the year for revenue', () => {
    const revenue = (months: readonly string[]) => quarterSum('sales-east', 'revenue', months) + quarterSum('sales-west', 'revenue', months);
    for (const year of [2024, 2025]) {
      const quarters = [1, 2, 3, 4].map((n) => revenue(q(year, n)));
      expect(Math.max(...quarters)).toBe(quarters[3]);
    }
    const monthly = (year: number) => MONTHS.filter((m) => m.startsWith(`${year}`)).map((m) => [m, revenue([m])] as const).sort((a, b) => a[1] - b[1]);
    expect([monthly(2024)[0][0], monthly(2025)[0][0]]).toEqual(['2024-02', '2025-01']);
  });

  test('two runs generate the same rows, from seeded streams (Math.random is never called)', () => {
    const random = jest.spyOn(Math, 'random');
    try {
      expect(generateDemoValues()).toEqual(rows);
      expect(random).not.toHaveBeenCalled();
    } finally {
      random.mockRestore();
    }
  });
});
