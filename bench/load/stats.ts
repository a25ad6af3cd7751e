/** Latency and error tallies of a load run, and the report printed per database. */

export interface Tally {
  /** Milliseconds of every answered request, in arrival order. */
  readonly latencies: number[];
  /** Failed requests by code: HTTP status, GraphQL error code, a typed problem or a failed check. */
  readonly errors: Map<string, number>;
}

export class LoadStats {
  readonly byKind = new Map<string, Tally>();
  inconsistencies = 0;
  /** The first few inconsistent answers, to print. */
  readonly samples: string[] = [];

  private tally(kind: string): Tally {
    let t = this.byKind.get(kind);
    if (!t) this.byKind.set(kind, (t = { latencies: [], errors: new Map() }));
    return t;
  }

  ok(kind: string, ms: number): void {
    this.tally(kind).latencies.push(ms);
  }

  failed(kind: string, code: string, ms: number | null): void {
    const t = this.tally(kind);
    if (ms !== null) t.latencies.push(ms);
    t.errors.set(code, (t.errors.get(code) ?? 0) + 1);
  }

  inconsistent(kind: string, detail: string): void {
    this.inconsistencies++;
    if (this.samples.length < 5) this.samples.push(`${kind}: ${detail}`);
  }

  requests(): number {
    let n = 0;
    for (const t of this.byKind.values()) n += t.latencies.length + (t.errors.get('TIMEOUT') ?? 0) + (t.errors.get('NETWORK') ?? 0);
    return n;
  }

  errorCount(): number {
    let n = 0;
    for (const t of this.byKind.values()) for (const c of t.errors.values()) n += c;
    return n;
  }

  /** Error codes over every kind. */
  errorsByCode(): Map<string, number> {
    const out = new Map<string, number>();
    for (const t of this.byKind.values()) for (const [code, c] of t.errors) out.set(code, (out.get(code) ?? 0) + c);
    return out;
  }

  allLatencies(): number[] {
    return [...this.byKind.values()].flatMap((t) => t.latencies);
  }
}

/** Nearest-rank percentile of unsorted samples; NaN when there are none. */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) return NaN;
  const sorted = Float64Array.from(samples).sort();
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

export interface Summary {
  readonly count: number;
  readonly perSecond: number;
  readonly p50: number;
  readonly p95: number;
  readonly p99: number;
  readonly max: number;
  readonly errors: number;
}

export function summarise(latencies: readonly number[], errors: number, seconds: number): Summary {
  return {
    count: latencies.length,
    perSecond: latencies.length / seconds,
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
    p99: percentile(latencies, 99),
    max: latencies.length ? latencies.reduce((a, b) => (b > a ? b : a)) : NaN,
    errors,
  };
}

const ms = (x: number) => (Number.isFinite(x) ? x.toFixed(1) : '-');

/** One table: a row per operation kind and the overall row, then errors and checks. */
export function formatReport(title: string, stats: LoadStats, seconds: number, baseline?: ReadonlyMap<string, number>): string {
  const rows: Array<[string, Summary]> = [...stats.byKind]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([kind, t]) => [kind, summarise(t.latencies, [...t.errors.values()].reduce((a, b) => a + b, 0), seconds)]);
  rows.push(['overall', summarise(stats.allLatencies(), stats.errorCount(), seconds)]);
  const head = ['operation', 'requests', 'req/s', 'p50 ms', 'p95 ms', 'p99 ms', 'max ms', 'errors', ...(baseline ? ['p50 / 1-client p50'] : [])];
  const body = rows.map(([kind, s]) => [
    kind, String(s.count), s.perSecond.toFixed(1), ms(s.p50), ms(s.p95), ms(s.p99), ms(s.max), String(s.errors),
    ...(baseline ? [baseline.has(kind) ? (s.p50 / baseline.get(kind)!).toFixed(1) : '-'] : []),
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((r) => r[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  const codes = [...stats.errorsByCode()].map(([code, n]) => `${code} ${n}`).join(', ') || 'none';
  return [
    title,
    line(head),
    ...body.map(line),
    `errors by code: ${codes}`,
    `inconsistent reads: ${stats.inconsistencies}`,
    ...stats.samples.map((s) => `  e.g. ${s}`),
  ].join('\n');
}
