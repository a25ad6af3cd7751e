/**
 * Raw CRM events (a ticket resolved, a deal won) that event-based measures aggregate.
 * A batch is all or nothing like value batches; an event's local date is its date in
 * the workspace's time zone, which decides the period it counts toward.
 */
import { upsertEvents, type ResolvedEvent } from '../db/event-writer';
import { timestampToDate } from '../periods';
import type { AdjustmentInput } from './adjustments';
import { guardEventWrites } from './closed-period-guard';
import { enqueueEventAlertJob } from './alert-jobs';
import { type ServiceContext, requirePermission, transaction } from './context';
import { ATTRIBUTE_NAME, EVENT_TYPE } from './event-source';
import { type ValueWriteReport, assertBatchSize, rowFields, rowsRefused, writeInChunks } from './measure-values';
import { loadTeamTree } from './teams';
import { MAX_ABS_VALUE, type RowError } from './value-rows';

export interface EventInput {
  readonly type: string;
  readonly team: string;
  /** ISO 8601 timestamp with an offset or Z. */
  readonly time: string;
  readonly numbers?: Readonly<Record<string, unknown>> | null;
  readonly strings?: Readonly<Record<string, unknown>> | null;
  /** The source system's id: re-sending an event with the same id replaces it. */
  readonly id?: string | null;
}

const MAX_ATTRIBUTES = 50;
const MAX_STRING_VALUE = 1000;
const MAX_EXTERNAL_ID = 200;

/** Events dated in a closed period are refused (PERIOD_CLOSED) unless the batch is sent as an `adjustment`. */
export async function recordEvents(ctx: ServiceContext, events: readonly EventInput[], adjustment?: AdjustmentInput | null): Promise<ValueWriteReport> {
  requirePermission(ctx, 'ingest');
  assertBatchSize(events.length, 'events');
  return transaction(ctx, async (tx) => {
    const tree = await loadTeamTree(ctx, tx);
    const scope = ctx.actor.scopeTeamId;
    const allowed = scope ? new Set(tree.subtree(scope).map((t) => t.id)) : null;
    const errors: RowError[] = [];
    const resolved: ResolvedEvent[] = [];
    const firstById = new Map<string, number>();
    events.forEach((event, row) => {
      const before = errors.length;
      const bad = (field: string, message: string) => errors.push({ row, field, message });
      if (!EVENT_TYPE.test(event.type)) bad('type', `Event type "${event.type.slice(0, 80)}" is not valid: 1–100 letters, digits, ".", "_", ":" or "-", such as ticket.resolved.`);
      const team = tree.byKey.get(event.team);
      if (!team) bad('team', `No team with key "${event.team.slice(0, 80)}" in this workspace.`);
      else if (allowed && !allowed.has(team.id)) bad('team', `Forbidden: this API key is limited to the subtree of team "${tree.byId.get(scope!)?.key}"; team "${team.key}" is outside it.`);
      const date = timestampToDate(event.time, ctx.workspace.timeZone);
      if (!date.ok) bad('time', date.error.message);
      const numbers = attributes(event.numbers, 'numbers', bad, (v) =>
        typeof v === 'number' && Number.isFinite(v) && Math.abs(v) <= MAX_ABS_VALUE ? null : `must be a finite number within ±1e15, got ${shown(v)}`);
      const strings = attributes(event.strings, 'strings', bad, (v) =>
        typeof v !== 'string' ? `must be a string, got ${shown(v)}` : v.length > MAX_STRING_VALUE ? `is longer than ${MAX_STRING_VALUE} characters` : null);
      const id = event.id ?? null;
      if (id !== null) {
        if (id.length === 0 || id.length > MAX_EXTERNAL_ID) bad('id', `id must be 1–${MAX_EXTERNAL_ID} characters.`);
        const first = firstById.get(id);
        if (first !== undefined) {
          const message = `Event id "${id.slice(0, 80)}" appears twice in the batch: row ${first} and row ${row}.`;
          if (!errors.some((e) => e.row === first && e.field === 'id')) errors.push({ row: first, field: 'id', message });
          bad('id', message);
        } else {
          firstById.set(id, row);
        }
      }
      if (errors.length === before && team && date.ok) {
        resolved.push({ externalId: id, type: event.type, teamId: team.id, time: event.time, localDay: date.day, numbers: numbers!, strings: strings! });
      }
    });
    if (errors.length > 0) throw rowsRefused(errors, events.length, rowFields('events'));
    await guardEventWrites(ctx, tx, resolved, tree, adjustment);
    const report = await writeInChunks(tx, ctx.workspace.id, resolved, upsertEvents);
    if (report.inserted + report.updated > 0) await enqueueEventAlertJob(tx, ctx.workspace.id, resolved);
    return report;
  });
}

/** A bad attribute value for a message: scalars as JSON, containers by kind (they may nest too deep to print). */
function shown(value: unknown): string {
  if (Array.isArray(value)) return 'a list';
  if (value !== null && typeof value === 'object') return 'an object';
  return String(JSON.stringify(value)).slice(0, 40);
}

/** Validates an attribute object and returns its JSON text (or null after reporting). */
function attributes(
  given: Readonly<Record<string, unknown>> | null | undefined,
  field: string,
  bad: (field: string, message: string) => void,
  check: (value: unknown) => string | null,
): string | null {
  if (given == null) return '{}';
  if (typeof given !== 'object' || Array.isArray(given)) return bad(field, `${field} must be a JSON object of attribute → value.`), null;
  const entries = Object.entries(given);
  if (entries.length > MAX_ATTRIBUTES) return bad(field, `At most ${MAX_ATTRIBUTES} attributes, got ${entries.length}.`), null;
  let ok = true;
  for (const [name, value] of entries) {
    if (!ATTRIBUTE_NAME.test(name)) { bad(`${field}.${name.slice(0, 64)}`, `Attribute name "${name.slice(0, 64)}" is not valid: 1–64 letters, digits, "_", "." or "-", starting with a letter or "_".`); ok = false; continue; }
    const problem = check(value);
    if (problem) { bad(`${field}.${name}`, `${field}.${name} ${problem}.`); ok = false; }
  }
  return ok ? JSON.stringify(given) : null;
}
