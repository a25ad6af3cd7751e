/**
 * The operation mix of the load run and the client loop. Reads (80 %): the starter
 * scorecard and demo KPI grids, whose data no write touches, so every answer to one
 * request must equal the first answer to it; and the marker grid (marker.ts). Writes
 * (20 %): marker batches through recordMeasureValues and marker formula updates.
 */
import type { GraphqlClient } from './http-client';
import { failureOf, type Marker, type Outcome } from './marker';
import type { LoadStats } from './stats';

const SCORECARD = `query($s: String!, $t: [String!]!, $p: [String!]!) {
  evaluateScorecard(scorecard: $s, teams: $t, periods: $p, rank: true) {
    team period { key } score coverage rank sections { key score coverage items { kpi actual target score formulaVersion error } } } }`;
const GRID = `query($k: [String!]!, $t: [String!]!, $f: String!, $to: String!) {
  kpiValues(kpis: $k, teams: $t, from: $f, to: $to, granularity: MONTH) { kpi team period { key } value error target status previous version } }`;

const DEPARTMENTS = ['company', 'sales', 'service', 'marketing'];
const LEAVES = ['sales-east', 'sales-west', 'sales-north', 'service-hotline', 'service-online'];

/** Several teams and periods per request, varied so the caches see more than one shape. */
const SCORECARD_REQUESTS = [
  { t: [...DEPARTMENTS, ...LEAVES], p: ['2025-Q1'] },
  { t: DEPARTMENTS, p: ['2025-Q2', '2025-Q3'] },
  { t: LEAVES, p: ['2025-Q4'] },
  { t: ['sales', 'sales-east', 'sales-west', 'sales-north'], p: ['2024-Q4', '2025-Q4'] },
].map((v) => ({ s: 'crm-quarterly-review', ...v }));
const GRID_REQUESTS = [
  { k: ['conversion_rate', 'sales_growth', 'aov', 'cac'], t: ['company', 'sales', ...LEAVES.slice(0, 3)], f: '2025-01', to: '2025-06' },
  { k: ['csat', 'nps', 'first_response_time', 'resolution_rate'], t: ['service', 'service-hotline', 'service-online'], f: '2025-01', to: '2025-12' },
  { k: ['churn_rate', 'retention_rate', 'revenue_per_rep'], t: DEPARTMENTS, f: '2024-07', to: '2025-03' },
  { k: ['campaign_conversion_rate', 'budget_execution', 'employee_satisfaction', 'training_completion'], t: ['company', 'marketing'], f: '2025-04', to: '2025-09' },
];

export type Kind = 'evaluateScorecard' | 'kpiValues (demo)' | 'kpiValues (marker)' | 'recordMeasureValues' | 'updateKpi';
const WEIGHTS: ReadonlyArray<[Kind, number]> = [
  ['evaluateScorecard', 30], ['kpiValues (demo)', 25], ['kpiValues (marker)', 25], ['recordMeasureValues', 12], ['updateKpi', 8],
];

/** A small seeded generator, so a run's operation sequence is repeatable. */
export function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function pick(random: () => number): Kind {
  let r = random() * WEIGHTS.reduce((n, [, w]) => n + w, 0);
  for (const [kind, w] of WEIGHTS) if ((r -= w) < 0) return kind;
  return WEIGHTS[0][0];
}

export class Mix {
  /** The first answer to each demo request, by request. */
  private readonly firstAnswers = new Map<string, string>();

  constructor(private readonly marker: Marker) {}

  private async demoRead(client: GraphqlClient, query: string, field: string, variables: Record<string, unknown>): Promise<Outcome & { ms: number }> {
    const answer = await client.request(query, variables);
    const code = failureOf(answer, field, '');
    if (code) return { ok: false, code, ms: answer.ms };
    const id = `${field} ${JSON.stringify(variables)}`;
    const text = JSON.stringify(answer.data[field]);
    const first = this.firstAnswers.get(id);
    if (first === undefined) this.firstAnswers.set(id, text);
    else if (first !== text) return { ok: true, inconsistency: `${id} changed although no write touches its data`, ms: answer.ms };
    return { ok: true, ms: answer.ms };
  }

  private async run(kind: Kind, client: GraphqlClient, random: () => number): Promise<[Kind, Outcome & { ms: number }]> {
    switch (kind) {
      case 'evaluateScorecard':
        return [kind, await this.demoRead(client, SCORECARD, 'evaluateScorecard', SCORECARD_REQUESTS[Math.floor(random() * SCORECARD_REQUESTS.length)])];
      case 'kpiValues (demo)':
        return [kind, await this.demoRead(client, GRID, 'kpiValues', GRID_REQUESTS[Math.floor(random() * GRID_REQUESTS.length)])];
      case 'kpiValues (marker)':
        return [kind, await this.marker.read(client)];
      case 'recordMeasureValues':
        return [kind, await this.marker.writeBatch(client)];
      case 'updateKpi': {
        // Every marker KPI is being updated by other clients: write a batch instead of queueing.
        const updated = await this.marker.updateKpi(client);
        return updated ? [kind, updated] : this.run('recordMeasureValues', client, random);
      }
    }
  }

  /** One client: operations back to back until `stop()` says so. */
  async client(client: GraphqlClient, stats: LoadStats, random: () => number, stop: () => boolean): Promise<void> {
    while (!stop()) {
      const [kind, outcome] = await this.run(pick(random), client, random);
      if (!outcome.ok) stats.failed(kind, outcome.code, outcome.code === 'TIMEOUT' || outcome.code === 'NETWORK' ? null : outcome.ms);
      else {
        stats.ok(kind, outcome.ms);
        if ('inconsistency' in outcome) stats.inconsistent(kind, outcome.inconsistency);
      }
    }
  }
}
