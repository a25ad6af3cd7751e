/**
 * Events and event-based measures: raw CRM events are stored as sent and aggregated at
 * read time, per the measure's grain, in the workspace's time zone, then combined over
 * time and teams exactly like recorded values.
 */
import { createWorkspace, gql, type TestWorkspace } from './harness/client';
import { RECORDED, createTeams, defineMeasure, keyWithRole, mustDefine, read } from './harness/measure-fixtures';

let ws: TestWorkspace;
const recordEvents = (token: string, events: unknown[]) =>
  ws.ok(`mutation($e: [EventInput!]!) { recordEvents(events: $e) { ${RECORDED} } }`, { e: events }).then((d) => d.recordEvents);
const monthly = (measures: string[], teams: string[], from = '2025-03', to = '2025-04') => read(ws.token, { measures, teams, from, to, granularity: 'MONTH' });

beforeAll(async () => {
  ws = await createWorkspace('events', { timeZone: 'Asia/Shanghai' });
  await createTeams(ws, [['support', null], ['s1', 'support'], ['s2', 'support']]);
  await mustDefine(ws, { key: 'phone_resolved', name: 'Tickets resolved by phone', unit: 'COUNT', grain: 'MONTH',
    source: { eventType: 'ticket.resolved', aggregate: 'COUNT', filters: [{ attribute: 'channel', op: 'EQ', value: 'phone' }] } });
  await mustDefine(ws, { key: 'not_email_resolved', name: 'Resolved, not by email', unit: 'COUNT', grain: 'MONTH',
    source: { eventType: 'ticket.resolved', aggregate: 'COUNT', filters: [{ attribute: 'channel', op: 'NE', value: 'email' }] } });
  await mustDefine(ws, { key: 'longest_wait', name: 'Longest wait, phone or chat', unit: 'SECONDS', grain: 'MONTH', timeAggregation: 'MAX', teamAggregation: 'MAX',
    source: { eventType: 'ticket.resolved', aggregate: 'MAX', attribute: 'wait', filters: [{ attribute: 'channel', op: 'IN', values: ['phone', 'chat'] }] } });
  await mustDefine(ws, { key: 'won_amount', name: 'Won amount', unit: 'CURRENCY', currency: 'CNY', grain: 'MONTH',
    source: { eventType: 'deal.won', aggregate: 'SUM', attribute: 'amount' } });
  await mustDefine(ws, { key: 'deal_size', name: 'Average deal', unit: 'CURRENCY', currency: 'CNY', grain: 'MONTH', timeAggregation: 'AVERAGE',
    source: { eventType: 'deal.won', aggregate: 'AVERAGE', attribute: 'amount' } });
  await mustDefine(ws, { key: 'weekly_resolved', name: 'Resolved per week', unit: 'COUNT', grain: 'WEEK',
    source: { eventType: 'ticket.resolved', aggregate: 'COUNT' } });

  const r = await recordEvents(ws.token, [
    // Shanghai is UTC+8: 15:00Z is 23:00 on March 31 there, 23:30Z is already April 1.
    { type: 'ticket.resolved', team: 's1', time: '2025-03-31T15:00:00Z', strings: { channel: 'phone' }, numbers: { wait: 60 }, id: 't-1' },
    { type: 'ticket.resolved', team: 's1', time: '2025-03-31T23:30:00Z', strings: { channel: 'phone' }, numbers: { wait: 300 }, id: 't-2' },
    { type: 'ticket.resolved', team: 's1', time: '2025-04-02T09:00:00+08:00', strings: { channel: 'email' }, numbers: { wait: 9999 }, id: 't-3' },
    { type: 'ticket.resolved', team: 's2', time: '2025-04-10T10:00:00Z', strings: { channel: 'chat' }, numbers: { wait: 120 }, id: 't-4' },
    { type: 'ticket.resolved', team: 's2', time: '2025-04-11T10:00:00Z', numbers: { wait: 10 }, id: 't-5' }, // no channel
    { type: 'deal.won', team: 's1', time: '2025-04-03T10:00:00Z', numbers: { amount: 1000 }, id: 'd-1' },
    { type: 'deal.won', team: 's1', time: '2025-04-20T10:00:00Z', numbers: { amount: 3000 }, id: 'd-2' },
    { type: 'deal.won', team: 's2', time: '2025-03-05T10:00:00Z', numbers: { amount: 500 }, id: 'd-3' },
    { type: 'deal.won', team: 's2', time: '2025-04-05T10:00:00Z', strings: { note: 'no amount' }, id: 'd-4' },
  ]);
  expect(r).toMatchObject({ __typename: 'ValuesRecorded', rows: 9, inserted: 9 });
});

test('an event counts in the month of its date in the workspace time zone: 2025-03-31T23:30Z is April in Shanghai', async () => {
  const r = await monthly(['phone_resolved'], ['s1']);
  expect([r.value('phone_resolved', 's1', '2025-03'), r.value('phone_resolved', 's1', '2025-04')]).toEqual([1, 1]);
});

test('filters: EQ keeps one channel, NE keeps every other channel and events without it, IN keeps a list', async () => {
  const r = await monthly(['phone_resolved', 'not_email_resolved', 'longest_wait'], ['s1', 's2', 'support'], '2025-04', '2025-04');
  // April: s1 phone (300), s1 email (9999); s2 chat (120), s2 no channel (10).
  expect(r.value('phone_resolved', 'support', '2025-04')).toBe(1);
  expect([r.value('not_email_resolved', 's1', '2025-04'), r.value('not_email_resolved', 's2', '2025-04')]).toEqual([1, 2]);
  expect([r.value('longest_wait', 's1', '2025-04'), r.value('longest_wait', 's2', '2025-04'), r.value('longest_wait', 'support', '2025-04')]).toEqual([300, 120, 300]);
});

test('SUM and AVERAGE of an attribute skip events without it; teams and periods combine like recorded values', async () => {
  const r = await monthly(['won_amount', 'deal_size'], ['s1', 's2', 'support'], '2025-03', '2025-04');
  expect([r.value('won_amount', 's1', '2025-04'), r.value('won_amount', 's2', '2025-04'), r.value('won_amount', 'support', '2025-04')]).toEqual([4000, null, 4000]);
  expect(r.value('won_amount', 'support', '2025-03')).toBe(500);
  expect(r.value('deal_size', 's1', '2025-04')).toBe((1000 + 3000) / 2);
  // Q2 of the average: s1's monthly values are April 2000 only; the subtree sums teams (team rule SUM).
  const q = await read(ws.token, { measures: ['won_amount', 'deal_size'], teams: ['support'], from: '2025', to: '2025', granularity: 'QUARTER' });
  expect([q.value('won_amount', 'support', '2025-Q1'), q.value('won_amount', 'support', '2025-Q2')]).toEqual([500, 4000]);
  expect(q.value('deal_size', 'support', '2025-Q2')).toBe(2000);
});

test('a weekly event measure counts each week toward the month holding its Thursday', async () => {
  // Local dates of the tickets: March 31 (the Monday of 2025-W14, whose Thursday is April 3), April 1 and
  // April 2 (W14), April 10 and 11 (W15): W14's March day counts toward April with its week.
  const r = await read(ws.token, { measures: ['weekly_resolved'], teams: ['support'], from: '2025-03', to: '2025-04', granularity: 'MONTH' });
  expect([r.value('weekly_resolved', 'support', '2025-03'), r.value('weekly_resolved', 'support', '2025-04')]).toEqual([null, 5]);
  const w = await read(ws.token, { measures: ['weekly_resolved'], teams: ['support'], from: '2025-W14', to: '2025-W15', granularity: 'WEEK' });
  expect([w.value('weekly_resolved', 'support', '2025-W14'), w.value('weekly_resolved', 'support', '2025-W15')]).toEqual([3, 2]);
});

test('re-sending events with the same ids changes nothing; a changed event replaces the stored one', async () => {
  const again = await recordEvents(ws.token, [
    { type: 'deal.won', team: 's1', time: '2025-04-03T10:00:00Z', numbers: { amount: 1000 }, id: 'd-1' },
    { type: 'deal.won', team: 's1', time: '2025-04-20T10:00:00Z', numbers: { amount: 3500 }, id: 'd-2' },
  ]);
  expect(again).toMatchObject({ rows: 2, inserted: 0, updated: 1, unchanged: 1 });
  const r = await monthly(['won_amount'], ['s1'], '2025-04', '2025-04');
  expect(r.value('won_amount', 's1', '2025-04')).toBe(1000 + 3500);
});

test('a batch of events with bad rows is refused whole, every bad row listed by index', async () => {
  const r = await recordEvents(ws.token, [
    { type: 'deal.won', team: 's1', time: '2025-05-01T10:00:00Z', numbers: { amount: 1 }, id: 'x-1' },
    { type: 'deal.won', team: 'ghost', time: '2025-05-01T10:00:00Z' },
    { type: 'deal.won', team: 's1', time: '2025-05-01 10:00' },
    { type: 'deal.won', team: 's1', time: '2025-05-01T10:00:00Z', numbers: { amount: 'lots' } },
    { type: 'bad type!', team: 's1', time: '2025-05-01T10:00:00Z' },
    { type: 'deal.won', team: 's1', time: '2025-05-02T10:00:00Z', numbers: { amount: 2 }, id: 'x-1' },
  ]);
  expect(r).toMatchObject({ __typename: 'InputError', field: 'events' });
  expect(r.details.map((d: { index: number; field: string }) => `${d.index}:${d.field}`)).toEqual([
    '0:events[0].id', '1:events[1].team', '2:events[2].time', '3:events[3].numbers.amount', '4:events[4].type', '5:events[5].id',
  ]);
  expect((await monthly(['won_amount'], ['s1'], '2025-05', '2025-05')).value('won_amount', 's1', '2025-05')).toBeNull();
});

test('a VIEWER cannot record events; an INGEST key can', async () => {
  const viewer = await keyWithRole(ws, 'VIEWER');
  const res = await gql(viewer, `mutation { recordEvents(events: [{ type: "a", team: "s1", time: "2025-01-01T00:00:00Z" }]) { __typename } }`);
  expect(res.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  const ingest = await keyWithRole(ws, 'INGEST');
  expect(await recordEvents(ingest, [{ type: 'call.made', team: 's2', time: '2025-01-01T00:00:00Z' }])).toMatchObject({ inserted: 1 });
});

test('an event source is checked when the measure is defined', async () => {
  const r = await defineMeasure(ws, { key: 'bad_source', name: 'x', unit: 'COUNT', grain: 'MONTH',
    source: { eventType: 'deal.won', aggregate: 'SUM', filters: [{ attribute: 'channel', op: 'IN', value: 'phone' }] } });
  expect(r).toMatchObject({ __typename: 'InputError', code: 'INVALID_INPUT', field: 'source' });
  expect(r.details.map((d: { field: string }) => d.field)).toEqual(['source.attribute', 'source.filters[0].value', 'source.filters[0].values']);
});

test('filter values travel as bind parameters: SQL in a filter value is just an unmatched string', async () => {
  await mustDefine(ws, { key: 'injection', name: 'x', unit: 'COUNT', grain: 'MONTH',
    source: { eventType: "ticket.resolved", aggregate: 'COUNT', filters: [{ attribute: 'channel', op: 'EQ', value: "phone' OR '1'='1" }] } });
  const r = await monthly(['injection'], ['support'], '2025-04', '2025-04');
  expect(r.value('injection', 'support', '2025-04')).toBeNull();
});
