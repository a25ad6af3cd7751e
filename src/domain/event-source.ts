/**
 * Event-based measures: a measure whose values are an aggregate (count, sum, min, max,
 * average of a numeric attribute) of raw events of one type, optionally filtered on
 * string attributes. Validation of the definition, and its compilation to
 * parameterised SQL: user text only ever travels as bind parameters.
 */
import { Problem, type ProblemDetail } from './problem';

export type EventAggregate = 'COUNT' | 'SUM' | 'MIN' | 'MAX' | 'AVERAGE';
export const EVENT_AGGREGATES: readonly EventAggregate[] = ['COUNT', 'SUM', 'MIN', 'MAX', 'AVERAGE'];
export type EventFilterOp = 'EQ' | 'NE' | 'IN';

export interface EventFilter {
  readonly attribute: string;
  readonly op: EventFilterOp;
  /** One value for EQ and NE, one or more for IN. */
  readonly values: readonly string[];
}

export interface EventSource {
  readonly eventType: string;
  readonly aggregate: EventAggregate;
  /** The numeric attribute aggregated; none for COUNT. */
  readonly attribute: string | null;
  readonly filters: readonly EventFilter[];
}

export const EVENT_TYPE = /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,99}$/;
export const ATTRIBUTE_NAME = /^[A-Za-z_][A-Za-z0-9_.-]{0,63}$/;
const MAX_FILTERS = 20;
const MAX_IN_VALUES = 100;
const MAX_FILTER_VALUE_LENGTH = 500;

export interface EventSourceInput {
  readonly eventType: string;
  readonly aggregate: EventAggregate;
  readonly attribute?: string | null;
  readonly filters?: ReadonlyArray<{ attribute: string; op: EventFilterOp; value?: string | null; values?: readonly string[] | null }> | null;
}

/** Checks a definition and returns its canonical form; every problem is reported at once. */
export function parseEventSource(input: EventSourceInput, field = 'source'): EventSource {
  const details: ProblemDetail[] = [];
  const bad = (f: string, message: string) => details.push({ field: `${field}.${f}`, message });
  if (!EVENT_TYPE.test(input.eventType)) bad('eventType', `Event type "${input.eventType.slice(0, 80)}" is not valid: 1–100 letters, digits, ".", "_", ":" or "-", such as ticket.resolved.`);
  const attribute = input.attribute ?? null;
  if (input.aggregate === 'COUNT') {
    if (attribute !== null) bad('attribute', 'COUNT counts events; it takes no attribute (use SUM to add up an attribute).');
  } else if (attribute === null) {
    bad('attribute', `${input.aggregate} needs the numeric attribute to aggregate, such as "amount".`);
  } else if (!ATTRIBUTE_NAME.test(attribute)) {
    bad('attribute', `Attribute name "${attribute.slice(0, 80)}" is not valid: 1–64 letters, digits, "_", "." or "-", starting with a letter or "_".`);
  }
  const filters: EventFilter[] = [];
  const given = input.filters ?? [];
  if (given.length > MAX_FILTERS) bad('filters', `At most ${MAX_FILTERS} filters, got ${given.length}.`);
  given.slice(0, MAX_FILTERS).forEach((f, i) => {
    const at = `filters[${i}]`;
    if (!ATTRIBUTE_NAME.test(f.attribute)) bad(`${at}.attribute`, `Attribute name "${f.attribute.slice(0, 80)}" is not valid.`);
    let values: string[];
    if (f.op === 'IN') {
      values = [...(f.values ?? [])];
      if (f.value != null) bad(`${at}.value`, 'IN takes `values` (a list), not `value`.');
      if (values.length === 0 || values.length > MAX_IN_VALUES) bad(`${at}.values`, `IN needs 1–${MAX_IN_VALUES} values, got ${values.length}.`);
    } else {
      if (f.value == null || (f.values != null && f.values.length > 0)) bad(`${at}.value`, `${f.op} takes exactly one \`value\`.`);
      values = f.value == null ? [] : [f.value];
    }
    if (values.some((v) => v.length > MAX_FILTER_VALUE_LENGTH)) bad(`${at}.values`, `Filter values are at most ${MAX_FILTER_VALUE_LENGTH} characters.`);
    filters.push({ attribute: f.attribute, op: f.op, values });
  });
  if (details.length > 0) throw new Problem('INVALID_INPUT', `The event source is not valid: ${details.map((d) => d.message).join(' ')}`, { field, details });
  return { eventType: input.eventType, aggregate: input.aggregate, attribute, filters };
}

/** Reads the stored jsonb back; trusted, it was validated on save. */
export function eventSourceFromJson(json: unknown): EventSource | null {
  if (json === null || json === undefined) return null;
  const s = (typeof json === 'string' ? JSON.parse(json) : json) as EventSource;
  return { eventType: s.eventType, aggregate: s.aggregate, attribute: s.attribute ?? null, filters: s.filters ?? [] };
}

/** "count of ticket.resolved where channel = phone", for messages and docs. */
export function describeEventSource(s: EventSource): string {
  const what = s.aggregate === 'COUNT' ? `count of ${s.eventType}` : `${s.aggregate.toLowerCase()} of ${s.attribute} over ${s.eventType}`;
  const where = s.filters.map((f) => (f.op === 'IN' ? `${f.attribute} in (${f.values.join(', ')})` : `${f.attribute} ${f.op === 'EQ' ? '=' : '≠'} ${f.values[0]}`));
  return where.length > 0 ? `${what} where ${where.join(' and ')}` : what;
}

/** Appends a bind parameter and returns its placeholder. */
export type Bind = (value: unknown) => string;

/**
 * The SQL aggregate over one group of events (one team, one grain period) and the WHERE
 * conditions that select the events, with every user string bound as a parameter.
 */
export function compileEventSource(s: EventSource, bind: Bind): { aggregate: string; conditions: string[] } {
  const conditions = [`e.type = ${bind(s.eventType)}`];
  let aggregate = 'count(*)::float8';
  if (s.aggregate !== 'COUNT') {
    const attr = bind(s.attribute);
    conditions.push(`(e.numbers ->> ${attr}) IS NOT NULL`);
    const x = `(e.numbers ->> ${attr})::float8`;
    aggregate = { SUM: `sum(${x})`, MIN: `min(${x})`, MAX: `max(${x})`, AVERAGE: `avg(${x})` }[s.aggregate];
  }
  for (const f of s.filters) {
    const attr = bind(f.attribute);
    if (f.op === 'EQ') conditions.push(`(e.strings ->> ${attr}) = ${bind(f.values[0])}`);
    // An event without the attribute is "not equal" to any value.
    else if (f.op === 'NE') conditions.push(`(e.strings ->> ${attr}) IS DISTINCT FROM ${bind(f.values[0])}`);
    else conditions.push(`(e.strings ->> ${attr}) = ANY(${bind([...f.values])}::text[])`);
  }
  return { aggregate, conditions };
}
