/** Helpers for alert tests: rules, fired alerts, and waiting for the background worker with a deadline. */
import type { TestWorkspace } from './client';

export const ALERT_FIELDS = 'id rule kind threshold kpi team period { key } value previous target achievement status firedAt';
const RULE_RESULT = `__typename ... on AlertRulePayload { rule { id kpi kind threshold team granularity name revision } } ... on Problem { code message }`;

export async function createRule(ws: TestWorkspace, input: Record<string, unknown>): Promise<any> {
  const r = await ws.ok(`mutation($i: CreateAlertRuleInput!) { createAlertRule(input: $i) { ${RULE_RESULT} } }`, { i: input });
  return r.createAlertRule;
}

export async function mustCreateRule(ws: TestWorkspace, input: Record<string, unknown>): Promise<any> {
  const r = await createRule(ws, input);
  if (r.__typename !== 'AlertRulePayload') throw new Error(`createAlertRule: ${JSON.stringify(r)}`);
  return r.rule;
}

export async function alertsOf(ws: TestWorkspace, filter: Record<string, unknown> = {}): Promise<any[]> {
  return (await ws.ok(`query($f: AlertFilterInput) { alerts(filter: $f) { ${ALERT_FIELDS} } }`, { f: filter })).alerts;
}

/** Polls until `done` holds for what `read` returns, or fails after the deadline (the worker polls every 0.5 s). */
export async function waitFor<T>(read: () => Promise<T>, done: (value: T) => boolean, what: string, deadlineMs = 30_000): Promise<T> {
  const until = Date.now() + deadlineMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > until) throw new Error(`Timed out waiting for ${what}; last: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** The alert of a team and period, by key. */
export const alertAt = (alerts: readonly any[], team: string, period: string): any[] => alerts.filter((a) => a.team === team && a.period.key === period);
