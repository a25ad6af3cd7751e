/** Measures: definitions of the base numbers collected per team and period. */
import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { rowsOf } from '../db/sql';
import { recordAudit } from './audit';
import { assertNewDefinitionKey, claimDefinitionKey } from './definition-keys';
import { type ServiceContext, requirePermission, transaction } from './context';
import { type EventSource, type EventSourceInput, describeEventSource, parseEventSource } from './event-source';
import { assertText } from './keys';
import {
  MEASURE_COLUMNS, type Measure, type MeasureGrain, type MeasureUnit, type TeamAggregation, type TimeAggregation, measureFromRow,
} from './measure';
import { Problem, conflict, notFound } from './problem';
import { bumpGeneration } from './teams';

export interface MeasureFields {
  readonly name?: string;
  readonly description?: string;
  readonly unit?: MeasureUnit;
  readonly currency?: string | null;
  readonly timeAggregation?: TimeAggregation;
  readonly teamAggregation?: TeamAggregation;
  readonly grain?: MeasureGrain;
  /** null turns an event-based measure back into a recorded one. */
  readonly source?: EventSourceInput | null;
}

export interface DefineMeasureInput extends MeasureFields {
  readonly key: string;
  readonly name: string;
  readonly unit: MeasureUnit;
  readonly grain: MeasureGrain;
}

export interface MeasureFilter {
  readonly archived?: boolean;
  readonly eventBased?: boolean;
}

/** Integrators (INGEST) address measures by key, so they may read definitions too. */
function requireDefinitionsRead(ctx: ServiceContext): void {
  if (ctx.actor.role !== 'INGEST') requirePermission(ctx, 'read');
}

export async function listMeasures(ctx: ServiceContext, filter: MeasureFilter = {}): Promise<Measure[]> {
  requireDefinitionsRead(ctx);
  const rows: Record<string, unknown>[] = await ctx.db.dataSource.query(
    `SELECT ${MEASURE_COLUMNS} FROM measures WHERE workspace_id = $1
        AND ($2::boolean IS NULL OR (archived_at IS NOT NULL) = $2)
        AND ($3::boolean IS NULL OR (event_source IS NOT NULL) = $3)
      ORDER BY key`,
    [ctx.workspace.id, filter.archived ?? null, filter.eventBased ?? null],
  );
  return rows.map(measureFromRow);
}

export async function getMeasure(ctx: ServiceContext, key: string): Promise<Measure> {
  requireDefinitionsRead(ctx);
  return findMeasure(ctx, ctx.db.dataSource.manager, key);
}

async function findMeasure(ctx: ServiceContext, run: EntityManager, key: string, lock = false): Promise<Measure> {
  const rows: Record<string, unknown>[] = await run.query(
    `SELECT ${MEASURE_COLUMNS} FROM measures WHERE workspace_id = $1 AND key = $2${lock ? ' FOR UPDATE' : ''}`,
    [ctx.workspace.id, key],
  );
  if (rows.length === 0) throw notFound('measure', key.slice(0, 80));
  return measureFromRow(rows[0]);
}

function assertFields(f: MeasureFields): EventSource | null | undefined {
  if (f.name !== undefined) assertText('name', f.name, 200);
  if (f.description !== undefined) assertText('description', f.description, 2000, false);
  return f.source === undefined ? undefined : f.source === null ? null : parseEventSource(f.source);
}

const CURRENCIES = new Set(Intl.supportedValuesOf('currency'));

function assertCurrency(unit: MeasureUnit, currency: string | null): void {
  if (unit === 'CURRENCY') {
    if (!currency || !/^[A-Z]{3}$/.test(currency) || !CURRENCIES.has(currency)) {
      throw new Problem('INVALID_INPUT', `A CURRENCY measure needs an ISO 4217 currency code such as "EUR", "USD" or "CNY"${currency ? `; "${currency.slice(0, 20)}" is not one` : ''}.`, { field: 'currency' });
    }
  } else if (currency) {
    throw new Problem('INVALID_INPUT', `Only CURRENCY measures take a currency; this one is ${unit}.`, { field: 'currency' });
  }
}

export async function defineMeasure(ctx: ServiceContext, input: DefineMeasureInput): Promise<Measure> {
  requirePermission(ctx, 'define');
  assertNewDefinitionKey('MEASURE', input.key);
  const source = assertFields(input) ?? null;
  const currency = input.currency ?? null;
  assertCurrency(input.unit, currency);
  return transaction(ctx, async (tx) => {
    await claimDefinitionKey(tx, ctx, input.key, 'MEASURE');
    const rows = await tx.query(
      `INSERT INTO measures (workspace_id, id, key, name, description, unit, currency, time_aggregation, team_aggregation, grain, event_source)
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11) RETURNING ${MEASURE_COLUMNS}`,
      [
        ctx.workspace.id, randomUUID(), input.key, input.name, input.description ?? '', input.unit, currency,
        input.timeAggregation ?? 'SUM', input.teamAggregation ?? 'SUM', input.grain, source ? JSON.stringify(source) : null,
      ],
    );
    const measure = measureFromRow(rows[0]);
    await bumpGeneration(tx, ctx);
    await recordAudit(ctx, tx, { action: 'CREATE', entityType: 'MEASURE', entityKey: measure.key, after: auditView(measure) });
    return measure;
  });
}

export async function updateMeasure(ctx: ServiceContext, key: string, revision: number, changes: MeasureFields): Promise<Measure> {
  requirePermission(ctx, 'define');
  const source = assertFields(changes);
  return transaction(ctx, async (tx) => {
    const before = await findMeasure(ctx, tx, key, true);
    if (before.revision !== revision) throw conflict('Measure', key, revision, before.revision);
    const after = {
      name: changes.name ?? before.name,
      description: changes.description ?? before.description,
      unit: changes.unit ?? before.unit,
      currency: changes.currency !== undefined ? changes.currency : changes.unit && changes.unit !== 'CURRENCY' ? null : before.currency,
      timeAggregation: changes.timeAggregation ?? before.timeAggregation,
      teamAggregation: changes.teamAggregation ?? before.teamAggregation,
      grain: changes.grain ?? before.grain,
      source: source === undefined ? before.source : source,
    };
    assertCurrency(after.unit, after.currency);
    const numbersChange =
      after.timeAggregation !== before.timeAggregation || after.teamAggregation !== before.teamAggregation || after.grain !== before.grain ||
      JSON.stringify(after.source) !== JSON.stringify(before.source);
    if (numbersChange) await assertNotUsedByKpis(ctx, tx, before, 'have its aggregation, grain or source changed');
    // Recorded values stay at the grain they were recorded at, so a recorded measure
    // changes grain (or becomes event-based) only while it has none.
    if (before.source === null && after.source !== null) await assertNoRecordedValues(ctx, tx, before, 'become event-based');
    else if (after.source === null && after.grain !== before.grain) await assertNoRecordedValues(ctx, tx, before, `change its grain to ${after.grain}`);
    const rows = await rowsOf(tx,
      `UPDATE measures SET name = $3, description = $4, unit = $5, currency = $6, time_aggregation = $7, team_aggregation = $8,
              grain = $9, event_source = $10, revision = revision + 1, updated_at = now()
        WHERE workspace_id = $1 AND id = $2 RETURNING ${MEASURE_COLUMNS}`,
      [ctx.workspace.id, before.id, after.name, after.description, after.unit, after.currency, after.timeAggregation, after.teamAggregation,
        after.grain, after.source ? JSON.stringify(after.source) : null],
    );
    const updated = measureFromRow(rows[0]);
    await bumpGeneration(tx, ctx);
    await recordAudit(ctx, tx, { action: 'UPDATE', entityType: 'MEASURE', entityKey: key, before: auditView(before), after: auditView(updated) });
    return updated;
  });
}

/** Archived measures keep their values (old KPI versions may read them) and their key. */
export async function archiveMeasure(ctx: ServiceContext, key: string, revision: number): Promise<Measure> {
  requirePermission(ctx, 'define');
  return transaction(ctx, async (tx) => {
    const before = await findMeasure(ctx, tx, key, true);
    if (before.revision !== revision) throw conflict('Measure', key, revision, before.revision);
    if (before.archivedAt) return before;
    await assertNotUsedByKpis(ctx, tx, before, 'be archived');
    const rows = await rowsOf(tx,
      `UPDATE measures SET archived_at = now(), revision = revision + 1, updated_at = now()
        WHERE workspace_id = $1 AND id = $2 RETURNING ${MEASURE_COLUMNS}`,
      [ctx.workspace.id, before.id],
    );
    const archived = measureFromRow(rows[0]);
    await bumpGeneration(tx, ctx);
    await recordAudit(ctx, tx, { action: 'ARCHIVE', entityType: 'MEASURE', entityKey: key, before: auditView(before), after: auditView(archived) });
    return archived;
  });
}

/** KPIs (not archived) whose latest formula version reads the measure. */
export async function kpisUsingMeasure(ctx: ServiceContext, run: EntityManager, measureKey: string): Promise<string[]> {
  const rows: Array<{ key: string }> = await run.query(
    `SELECT k.key FROM kpis k
       JOIN LATERAL (SELECT v.measure_refs FROM kpi_versions v
                      WHERE v.workspace_id = k.workspace_id AND v.kpi_id = k.id
                      ORDER BY v.version DESC LIMIT 1) latest ON true
      WHERE k.workspace_id = $1 AND k.archived_at IS NULL AND $2 = ANY(latest.measure_refs)
      ORDER BY k.key`,
    [ctx.workspace.id, measureKey],
  );
  return rows.map((r) => r.key);
}

async function assertNotUsedByKpis(ctx: ServiceContext, tx: EntityManager, measure: Measure, action: string): Promise<void> {
  const kpis = await kpisUsingMeasure(ctx, tx, measure.key);
  if (kpis.length > 0) {
    throw new Problem('IN_USE', `Measure "${measure.key}" is used by KPI${kpis.length > 1 ? 's' : ''} ${kpis.join(', ')}, so it cannot ${action}; change or archive those KPIs first.`, { key: measure.key, usedBy: kpis });
  }
}

async function assertNoRecordedValues(ctx: ServiceContext, tx: EntityManager, measure: Measure, action: string): Promise<void> {
  const rows: Array<{ n: number }> = await tx.query(
    `SELECT count(*)::int AS n FROM (SELECT 1 FROM measure_values WHERE workspace_id = $1 AND measure_id = $2 LIMIT 1000001) v`,
    [ctx.workspace.id, measure.id],
  );
  if (rows[0].n > 0) {
    throw new Problem('INVALID_INPUT', `Measure "${measure.key}" has ${rows[0].n > 1_000_000 ? 'over 1,000,000' : rows[0].n} recorded value${rows[0].n === 1 ? '' : 's'} at grain ${measure.grain}, so it cannot ${action}; delete them first (deleteMeasureValues) or define a new measure.`, { field: 'grain', key: measure.key });
  }
}

function auditView(m: Measure): object {
  return {
    key: m.key, name: m.name, description: m.description, unit: m.unit, currency: m.currency, timeAggregation: m.timeAggregation,
    teamAggregation: m.teamAggregation, grain: m.grain, source: m.source ? describeEventSource(m.source) : null, archived: m.archivedAt !== null, revision: m.revision,
  };
}
