/**
 * The load run's consistency marker: writes that readers can verify.
 *
 * A DAY measure `load_mark` is recorded for every leaf team on every day of two months;
 * each `recordMeasureValues` batch sets ALL those rows to the same batch number k in one
 * call. KPIs `load_mark_a` … `_d` start as `load_mark * 1`; each `updateKpi` makes the next
 * version, odd versions `load_mark * 1` and even ones `load_mark * 1000`, so a cell's
 * version says which factor f its value must carry. `load_mark_chain` reads `load_mark_a`:
 * `load_mark_a * 2`, and from 2026-02 on (its version 2) `load_mark_a * 3`, so every marker
 * read spans two formula versions, which the grid evaluates as two plans with two loads.
 *
 * One kpiValues read of every marker KPI for the root and all leaves over both months must
 * then show a single k for all cells (a leaf: days × k × f; the root: leaves × days × k × f),
 * a k that was sent, one version per KPI (per month for the chain), no version older than
 * one already acknowledged to any client before the read was sent, and the chain at exactly
 * 2 (January) or 3 (February) times `load_mark_a`. Anything else is a torn or stale answer.
 */
import type { Answer, GraphqlClient } from './http-client';

const MONTHS = [{ key: '2026-01', days: 31 }, { key: '2026-02', days: 28 }] as const;
const BASE_KPIS = ['load_mark_a', 'load_mark_b', 'load_mark_c', 'load_mark_d'] as const;
const CHAIN = 'load_mark_chain';
/** Version n + 1 applies from 2000-01-01 + (n − 1) days; versions end well before the marker months. */
const FIRST_EFFECTIVE_DAY = Date.UTC(2000, 0, 1);
const MAX_VERSION = 9000;

const formulaOf = (version: number) => (version % 2 === 1 ? 'load_mark * 1' : 'load_mark * 1000');
const factorOf = (version: number) => (version % 2 === 1 ? 1 : 1000);

const RECORD = `mutation($v: [MeasureValueInput!]!) { recordMeasureValues(values: $v) {
  __typename ... on ValuesRecorded { rows } ... on Problem { code message } } }`;
const UPDATE = `mutation($i: UpdateKpiInput!) { updateKpi(input: $i) {
  __typename ... on KpiSaved { kpi { revision formula } } ... on Problem { code message } } }`;
const READ = `query($k: [String!]!, $t: [String!]!, $f: String!, $to: String!) {
  kpiValues(kpis: $k, teams: $t, from: $f, to: $to, granularity: MONTH) { kpi team period { key } value error version } }`;

interface KpiState {
  revision: number;
  version: number;
  /** Highest version whose update was acknowledged to a client. */
  acknowledged: number;
  busy: boolean;
}

export type Outcome = { ok: true } | { ok: false; code: string } | { ok: true; inconsistency: string };

/** A typed problem or GraphQL error in an answer, as an error code; null when it succeeded. */
export function failureOf(answer: Answer, field: string, success: string): string | null {
  if (answer.failure) return answer.failure;
  if (answer.errors?.length) return String(answer.errors[0].extensions?.code ?? 'GRAPHQL_ERROR');
  const result = answer.data?.[field];
  if (result && typeof result === 'object' && '__typename' in result && result.__typename !== success) return String(result.code ?? result.__typename);
  return null;
}

export class Marker {
  /** Batches sent so far; batch k writes the value k. */
  private issued = 0;
  private readonly kpis = new Map<string, KpiState>();

  private constructor(private readonly root: string, private readonly leaves: readonly string[]) {}

  /** Defines the measure and KPIs through the API and writes batch 1, before the load starts. */
  static async create(client: GraphqlClient): Promise<Marker> {
    const teams = await must(client, `{ teams { key parent { key } children { key } } }`, {});
    const list: Array<{ key: string; parent: { key: string } | null; children: unknown[] }> = teams.teams;
    const roots = list.filter((t) => t.parent === null);
    if (roots.length !== 1) throw new Error(`the marker needs one root team, found ${roots.length}`);
    const marker = new Marker(roots[0].key, list.filter((t) => t.children.length === 0).map((t) => t.key));
    const measure = await must(client, `mutation($i: DefineMeasureInput!) { defineMeasure(input: $i) { __typename ... on Problem { code message } } }`, {
      i: { key: 'load_mark', name: 'Load-run marker', unit: 'COUNT', grain: 'DAY', timeAggregation: 'SUM', teamAggregation: 'SUM' },
    });
    if (measure.defineMeasure.__typename !== 'MeasurePayload') throw new Error(`defineMeasure: ${JSON.stringify(measure)}`);
    for (const [key, formula] of [...BASE_KPIS.map((k) => [k, formulaOf(1)]), [CHAIN, 'load_mark_a * 2']]) {
      const r = await must(client, `mutation($i: CreateKpiInput!) { createKpi(input: $i) { __typename ... on KpiSaved { kpi { revision } } ... on Problem { code message } } }`, {
        i: { key, name: key, direction: 'HIGHER_IS_BETTER', formula },
      });
      if (r.createKpi.__typename !== 'KpiSaved') throw new Error(`createKpi ${key}: ${JSON.stringify(r)}`);
      if (key !== CHAIN) marker.kpis.set(key, { revision: r.createKpi.kpi.revision, version: 1, acknowledged: 1, busy: false });
      else {
        const u = await must(client, UPDATE, { i: { key, revision: r.createKpi.kpi.revision, formula: 'load_mark_a * 3', effectiveFrom: MONTHS[1].key } });
        if (u.updateKpi.__typename !== 'KpiSaved') throw new Error(`updateKpi ${key}: ${JSON.stringify(u)}`);
      }
    }
    const first = await marker.writeBatch(client);
    if (!first.ok) throw new Error(`the first marker batch failed: ${first.code}`);
    return marker;
  }

  /** Rows one batch writes. */
  get batchRows(): number {
    return this.leaves.length * MONTHS.reduce((n, m) => n + m.days, 0);
  }

  async writeBatch(client: GraphqlClient): Promise<Outcome & { ms: number }> {
    const k = ++this.issued;
    const values = this.leaves.flatMap((team) => MONTHS.flatMap((m) =>
      Array.from({ length: m.days }, (_, d) => ({ measure: 'load_mark', team, period: `${m.key}-${String(d + 1).padStart(2, '0')}`, value: k }))));
    const answer = await client.request(RECORD, { v: values });
    const code = failureOf(answer, 'recordMeasureValues', 'ValuesRecorded');
    if (code) return { ok: false, code, ms: answer.ms };
    const rows = answer.data.recordMeasureValues.rows;
    if (rows !== values.length) return { ok: true, inconsistency: `batch ${k} reports ${rows} rows, sent ${values.length}`, ms: answer.ms };
    return { ok: true, ms: answer.ms };
  }

  /** Null when every marker KPI is being updated already (or out of versions): write a batch instead. */
  async updateKpi(client: GraphqlClient): Promise<(Outcome & { ms: number }) | null> {
    const entry = [...this.kpis].find(([, s]) => !s.busy && s.version < MAX_VERSION);
    if (!entry) return null;
    const [key, state] = entry;
    state.busy = true;
    try {
      const version = state.version + 1;
      const effectiveFrom = new Date(FIRST_EFFECTIVE_DAY + (version - 2) * 86_400_000).toISOString().slice(0, 10);
      const answer = await client.request(UPDATE, { i: { key, revision: state.revision, formula: formulaOf(version), effectiveFrom } });
      const code = failureOf(answer, 'updateKpi', 'KpiSaved');
      if (code) return { ok: false, code, ms: answer.ms };
      const saved = answer.data.updateKpi.kpi;
      state.revision = saved.revision;
      state.version = version;
      state.acknowledged = version;
      if (saved.formula !== formulaOf(version)) return { ok: true, inconsistency: `${key} v${version} saved as "${saved.formula}"`, ms: answer.ms };
      return { ok: true, ms: answer.ms };
    } finally {
      state.busy = false;
    }
  }

  async read(client: GraphqlClient): Promise<Outcome & { ms: number }> {
    // What any client had been told before this read was sent: the read may not show less.
    const acknowledged = new Map([...this.kpis].map(([key, s]) => [key, s.acknowledged]));
    const keys = [...BASE_KPIS, CHAIN];
    const teams = [this.root, ...this.leaves];
    const answer = await client.request(READ, { k: keys, t: teams, f: MONTHS[0].key, to: MONTHS[MONTHS.length - 1].key });
    const code = failureOf(answer, 'kpiValues', '');
    if (code) return { ok: false, code, ms: answer.ms };
    const problem = this.check(answer.data.kpiValues, keys, teams, acknowledged);
    return problem ? { ok: true, inconsistency: problem, ms: answer.ms } : { ok: true, ms: answer.ms };
  }

  private check(
    cells: Array<{ kpi: string; team: string; period: { key: string }; value: number | null; error: string | null; version: number }>,
    keys: readonly string[], teams: readonly string[], acknowledged: ReadonlyMap<string, number>,
  ): string | null {
    if (cells.length !== keys.length * teams.length * MONTHS.length) return `${cells.length} cells, expected ${keys.length * teams.length * MONTHS.length}`;
    const versionOf = new Map<string, number>();
    for (const c of cells) {
      if (c.error !== null || c.value === null) return `${c.kpi} ${c.team} ${c.period.key}: ${c.error ?? 'blank'}`;
      if (c.kpi === CHAIN) {
        const version = c.period.key === MONTHS[0].key ? 1 : 2;
        if (c.version !== version) return `${CHAIN} ${c.period.key} answered with v${c.version}, not v${version}`;
        continue;
      }
      const seen = versionOf.get(c.kpi);
      if (seen !== undefined && seen !== c.version) return `${c.kpi} mixes versions ${seen} and ${c.version} in one answer`;
      versionOf.set(c.kpi, c.version);
    }
    for (const [key, version] of acknowledged) {
      if (versionOf.get(key)! < version) return `${key} answered with v${versionOf.get(key)} after v${version} was acknowledged`;
    }
    const factor = (kpi: string, period: string) =>
      kpi === CHAIN ? (period === MONTHS[0].key ? 2 : 3) * factorOf(versionOf.get('load_mark_a')!) : factorOf(versionOf.get(kpi)!);
    // k from one leaf cell; every other cell must agree with it.
    const probe = cells.find((c) => c.kpi === 'load_mark_a' && c.team !== this.root && c.period.key === MONTHS[0].key)!;
    const k = probe.value! / (MONTHS[0].days * factor('load_mark_a', MONTHS[0].key));
    if (!Number.isInteger(k) || k < 1 || k > this.issued) return `batch number ${k} from ${probe.value} (never sent; ${this.issued} sent)`;
    for (const c of cells) {
      const days = MONTHS.find((m) => m.key === c.period.key)!.days;
      const expected = (c.team === this.root ? this.leaves.length : 1) * days * k * factor(c.kpi, c.period.key);
      if (c.value !== expected) return `${c.kpi} ${c.team} ${c.period.key} v${c.version} = ${c.value}, expected ${expected} (batch ${k})`;
    }
    return null;
  }
}

async function must(client: GraphqlClient, query: string, variables: Record<string, unknown>): Promise<any> {
  const answer = await client.request(query, variables);
  if (answer.failure || answer.errors) throw new Error(`set-up request failed: ${answer.failure ?? JSON.stringify(answer.errors)}`);
  return answer.data;
}
