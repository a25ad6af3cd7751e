/**
 * Comments and check-ins over HTTP: they show on exactly their KPI × team × period cell
 * in kpiValues and evaluateScorecard (newest first), a check-in's status override sits
 * beside the computed status, only the author or an ADMIN changes a comment (with
 * revisions), every change is audited, bad input is a typed error that writes nothing,
 * and nothing crosses workspaces.
 *
 * Tree: org → sales → (east, west). Measure m_sales monthly SUM; KPI revenue = m_sales,
 * KPI doubled = m_sales × 2, both HIGHER_IS_BETTER with default target 100 and the
 * default bands (ON_TRACK ≥ 100 %, AT_RISK ≥ 90 %).
 */
import type { RunningServer } from '../../src/server';
import { createWorkspace, gql, type GqlResponse, type TestWorkspace, uniqueKey } from './harness/client';
import { createTeams, defineMeasures, mustCreateKpi, recordValues } from './harness/crm';
import { PROBLEM } from './harness/measure-fixtures';
import { startOwnServer, workspaceOn } from './harness/own-server';

interface Key { readonly token: string; readonly id: string; readonly author: string }

const COMMENT = 'id kpi team period { key } kind text statusOverride overrideReason author authorKeyId revision';
const ADD = `mutation($i: AddCommentInput!) { addComment(input: $i) { __typename ... on CommentPayload { comment { ${COMMENT} } } ${PROBLEM} ... on InputError { field } ... on NotFound { field } } }`;
const EDIT = `mutation($i: EditCommentInput!) { editComment(input: $i) { __typename ... on CommentPayload { comment { ${COMMENT} } } ${PROBLEM} ... on InputError { field } ... on NotFound { field } } }`;
const DELETE = `mutation($id: String!, $r: Int) { deleteComment(id: $id, revision: $r) { __typename ... on CommentDeleted { comment { id text } } ${PROBLEM} } }`;
const GRID = `query($k: [String!]!, $t: [String!]!, $f: String!, $to: String!, $g: Granularity!) {
  kpiValues(kpis: $k, teams: $t, from: $f, to: $to, granularity: $g) {
    kpi team period { key } value target achievement status effectiveStatus
    statusOverride { status reason author commentId } comments { id text kind period { key } } } }`;

let ws: TestWorkspace;
const keys: Record<'admin' | 'editor' | 'editor2' | 'viewer' | 'ingest' | 'eastEditor' | 'eastAdmin', Key> = {} as never;

async function makeKey(name: string, role: string, scopeTeam?: string): Promise<Key> {
  const r = await ws.ok(`mutation($i: CreateApiKeyInput!) { createApiKey(input: $i) { __typename ... on ApiKeyCreated { secret apiKey { id prefix } } } }`, { i: { name, role, scopeTeam } });
  const { secret, apiKey } = r.createApiKey;
  // The audit name: the key's name and the first six characters of its prefix.
  return { token: secret, id: apiKey.id, author: `${name} (${apiKey.prefix.slice(0, 6)}…)` };
}

async function add(key: Key, input: Record<string, unknown>): Promise<any> {
  const res = await gql(key.token, ADD, { i: { kpi: 'revenue', team: 'east', period: '2025-01', ...input } });
  return res.errors ? res : res.data.addComment;
}

async function mustAdd(key: Key, input: Record<string, unknown>): Promise<any> {
  const r = await add(key, input);
  if (r.__typename !== 'CommentPayload') throw new Error(`addComment failed: ${JSON.stringify(r)}`);
  return r.comment;
}

async function edit(key: Key, input: Record<string, unknown>): Promise<any> {
  const res = await gql(key.token, EDIT, { i: input });
  return res.errors ? res : res.data.editComment;
}

async function remove(key: Key, id: string, revision?: number): Promise<any> {
  const res = await gql(key.token, DELETE, { id, r: revision ?? null });
  return res.errors ? res : res.data.deleteComment;
}

const forbidden = (res: GqlResponse): void => {
  expect(res.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  expect(res.errors?.[0].message).toMatch(/may not|outside/);
};

async function grid(kpis: string[], teams: string[], from: string, to: string, granularity: string, token = ws.token): Promise<any[]> {
  const res = await gql(token, GRID, { k: kpis, t: teams, f: from, to, g: granularity });
  if (res.errors) throw new Error(JSON.stringify(res.errors));
  return res.data.kpiValues;
}

const cell = (cells: any[], kpi: string, team: string, period: string): any => cells.find((c) => c.kpi === kpi && c.team === team && c.period.key === period);
const thread = async (kpi: string, team: string, token = ws.token): Promise<any[]> =>
  (await gql(token, `query($k: String!, $t: String!) { comments(kpi: $k, team: $t) { ${COMMENT} } }`, { k: kpi, t: team })).data.comments;

let c1: any; let c2: any; let c3: any; let c4: any; let c5: any;

beforeAll(async () => {
  ws = await createWorkspace('comments');
  await createTeams(ws, [['org', null], ['sales', 'org'], ['east', 'sales'], ['west', 'sales']]);
  await defineMeasures(ws, [{ key: 'm_sales' }]);
  // east: 120 in January (120 / 100 = 1.2, ON_TRACK), 80 in February (0.8, OFF_TRACK); west: 95 in January (0.95, AT_RISK).
  await recordValues(ws, [['m_sales', 'east', '2025-01', 120], ['m_sales', 'east', '2025-02', 80], ['m_sales', 'west', '2025-01', 95]]);
  await mustCreateKpi(ws, { key: 'revenue', formula: 'm_sales', direction: 'HIGHER_IS_BETTER', defaultTarget: 100 });
  await mustCreateKpi(ws, { key: 'doubled', formula: 'm_sales * 2', direction: 'HIGHER_IS_BETTER', defaultTarget: 100 });
  const sc = await ws.ok(`mutation($i: CreateScorecardInput!) { createScorecard(input: $i) { __typename } }`, {
    i: { key: 'review', name: 'Review', sections: [{ key: 's', name: 'S', weight: 1, items: [{ kpi: 'revenue', weight: 1 }, { kpi: 'doubled', weight: 1 }] }] },
  });
  expect(sc.createScorecard.__typename).toBe('ScorecardSaved');
  // The workspace's first key is named "admin"; its token is kpi_<prefix>_<secret>.
  keys.admin = { token: ws.token, id: '', author: `admin (${ws.token.split('_')[1].slice(0, 6)}…)` };
  keys.editor = await makeKey('Editor One', 'EDITOR');
  keys.editor2 = await makeKey('Editor Two', 'EDITOR');
  keys.viewer = await makeKey('Reviewer', 'VIEWER');
  keys.ingest = await makeKey('Loader', 'INGEST');
  keys.eastEditor = await makeKey('East editor', 'EDITOR', 'east');
  keys.eastAdmin = await makeKey('East admin', 'ADMIN', 'east');

  // Written in this order, so newest first is c5, c4, c3, c2, c1 where they share a cell.
  c1 = await mustAdd(keys.editor, { text: 'January was **strong**: two renewals came early.' });
  c2 = await mustAdd(keys.editor, { period: '2025-02', kind: 'CHECK_IN', text: 'February check-in.', statusOverride: 'AT_RISK', overrideReason: 'A large order slipped to March; it is signed.' });
  c3 = await mustAdd(keys.viewer, { text: 'Which accounts renewed early?' });
  c4 = await mustAdd(keys.admin, { period: '2025-Q1', text: 'Quarter note.' });
  c5 = await mustAdd(keys.editor, { kpi: 'doubled', text: 'Doubled KPI note.' });
});

describe('a comment as written', () => {
  test('carries its cell, kind, text, author and revision 1', () => {
    expect(c1).toMatchObject({ kpi: 'revenue', team: 'east', period: { key: '2025-01' }, kind: 'COMMENT', text: 'January was **strong**: two renewals came early.', statusOverride: null, overrideReason: null, author: keys.editor.author, authorKeyId: keys.editor.id, revision: 1 });
    expect(c2).toMatchObject({ kind: 'CHECK_IN', statusOverride: 'AT_RISK', overrideReason: 'A large order slipped to March; it is signed.', period: { key: '2025-02' } });
    expect(c3.author).toBe(keys.viewer.author);
    expect(c4.author).toBe(keys.admin.author);
  });
});

describe('comments listed with kpiValues', () => {
  test('each month cell shows exactly its own comments, newest first; cells without any show none', async () => {
    const cells = await grid(['revenue', 'doubled'], ['east', 'west'], '2025-01', '2025-02', 'MONTH');
    // 2 KPIs × 2 teams × 2 months = 8 cells.
    expect(cells).toHaveLength(8);
    const ids = (kpi: string, team: string, period: string) => cell(cells, kpi, team, period).comments.map((c: any) => c.id);
    expect(ids('revenue', 'east', '2025-01')).toEqual([c3.id, c1.id]);
    expect(ids('revenue', 'east', '2025-02')).toEqual([c2.id]);
    expect(ids('doubled', 'east', '2025-01')).toEqual([c5.id]);
    for (const [kpi, team, period] of [['revenue', 'west', '2025-01'], ['revenue', 'west', '2025-02'], ['doubled', 'east', '2025-02'], ['doubled', 'west', '2025-01'], ['doubled', 'west', '2025-02']]) {
      expect(ids(kpi, team, period)).toEqual([]);
    }
    // The quarter comment (c4) is on 2025-Q1, not on its months.
    expect(cells.flatMap((c) => c.comments.map((x: any) => x.id))).not.toContain(c4.id);
  });

  test('a check-in override sits beside the computed status: status stays computed, effectiveStatus follows the override', async () => {
    const cells = await grid(['revenue'], ['east', 'west'], '2025-01', '2025-02', 'MONTH');
    // east 2025-02: 80 / 100 = 0.8 < 0.9 → OFF_TRACK computed; the check-in says AT_RISK.
    expect(cell(cells, 'revenue', 'east', '2025-02')).toMatchObject({
      value: 80, target: 100, achievement: 0.8, status: 'OFF_TRACK', effectiveStatus: 'AT_RISK',
      statusOverride: { status: 'AT_RISK', reason: 'A large order slipped to March; it is signed.', author: keys.editor.author, commentId: c2.id },
    });
    // east 2025-01: 120 / 100 = 1.2 → ON_TRACK, comments but no check-in: no override.
    expect(cell(cells, 'revenue', 'east', '2025-01')).toMatchObject({ status: 'ON_TRACK', effectiveStatus: 'ON_TRACK', statusOverride: null });
    // west 2025-01: 95 / 100 = 0.95 → AT_RISK, nothing written about it.
    expect(cell(cells, 'revenue', 'west', '2025-01')).toMatchObject({ status: 'AT_RISK', effectiveStatus: 'AT_RISK', statusOverride: null });
  });

  test('the quarter cell shows the quarter comment only', async () => {
    const [q1] = await grid(['revenue'], ['east'], '2025-Q1', '2025-Q1', 'QUARTER');
    // 120 + 80 = 200 against 100.
    expect(q1).toMatchObject({ value: 200, status: 'ON_TRACK', statusOverride: null });
    expect(q1.comments.map((c: any) => c.id)).toEqual([c4.id]);
    expect(q1.comments[0].period.key).toBe('2025-Q1');
  });

  test('a team above does not show its children\'s comments (a comment belongs to one team)', async () => {
    const [sales] = await grid(['revenue'], ['sales'], '2025-01', '2025-01', 'MONTH');
    // sales rolls up east 120 + west 95 = 215, but the comments were written on east.
    expect(sales.value).toBe(215);
    expect(sales.comments).toEqual([]);
  });
});

describe('comments listed with evaluateScorecard', () => {
  test('each item carries its cell\'s comments and override; the score is not changed by the override', async () => {
    const res = await ws.ok(`{ evaluateScorecard(scorecard: "review", teams: ["east", "west"], periods: ["2025-01", "2025-02"]) {
      team period { key } sections { items { kpi achievement score status effectiveStatus statusOverride { status commentId } comments { id } } } } }`);
    const item = (team: string, period: string, kpi: string) =>
      res.evaluateScorecard.find((r: any) => r.team === team && r.period.key === period).sections[0].items.find((i: any) => i.kpi === kpi);
    expect(item('east', '2025-01', 'revenue').comments.map((c: any) => c.id)).toEqual([c3.id, c1.id]);
    expect(item('east', '2025-01', 'doubled').comments.map((c: any) => c.id)).toEqual([c5.id]);
    expect(item('east', '2025-02', 'revenue')).toMatchObject({ achievement: 0.8, status: 'OFF_TRACK', effectiveStatus: 'AT_RISK', statusOverride: { status: 'AT_RISK', commentId: c2.id } });
    // RATIO scoring: 0.8 achievement is 80 points, override or not.
    expect(item('east', '2025-02', 'revenue').score).toBeCloseTo(80, 9);
    expect(item('east', '2025-02', 'doubled').comments).toEqual([]);
    for (const period of ['2025-01', '2025-02']) for (const kpi of ['revenue', 'doubled']) expect(item('west', period, kpi)).toMatchObject({ comments: [], statusOverride: null });
  });
});

describe('the newest check-in decides the override', () => {
  test('a later check-in without an override ends it; deleting that check-in brings the earlier override back', async () => {
    const confirm = await mustAdd(keys.editor2, { period: '2025-02', kind: 'CHECK_IN', text: 'Order confirmed lost; the computed status stands.' });
    let [feb] = await grid(['revenue'], ['east'], '2025-02', '2025-02', 'MONTH');
    expect(feb).toMatchObject({ status: 'OFF_TRACK', effectiveStatus: 'OFF_TRACK', statusOverride: null });
    expect(feb.comments.map((c: any) => c.id)).toEqual([confirm.id, c2.id]);
    expect((await remove(keys.editor2, confirm.id)).__typename).toBe('CommentDeleted');
    [feb] = await grid(['revenue'], ['east'], '2025-02', '2025-02', 'MONTH');
    expect(feb).toMatchObject({ effectiveStatus: 'AT_RISK', statusOverride: { commentId: c2.id } });
  });
});

describe('the thread query', () => {
  test('lists one KPI × team newest first, bounded by a period range of any granularity', async () => {
    expect((await thread('revenue', 'east')).map((c) => c.id)).toEqual([c4.id, c3.id, c2.id, c1.id]);
    const jan = (await gql(ws.token, `{ comments(kpi: "revenue", team: "east", from: "2025-01", to: "2025-01") { id } }`)).data.comments;
    expect(jan.map((c: any) => c.id)).toEqual([c3.id, c1.id]);
    // 2025-Q1 spans January to March: the months and the quarter itself.
    const q1 = (await gql(ws.token, `{ comments(kpi: "revenue", team: "east", from: "2025-Q1", to: "2025-Q1", first: 3) { id } }`)).data.comments;
    expect(q1.map((c: any) => c.id)).toEqual([c4.id, c3.id, c2.id]);
    expect(await thread('revenue', 'west')).toEqual([]);
  });
});

describe('who may write', () => {
  test('INGEST may not comment; VIEWER may comment but not check in', async () => {
    forbidden(await add(keys.ingest, { text: 'no' }));
    forbidden(await add(keys.viewer, { kind: 'CHECK_IN', text: 'no' }));
    forbidden(await gql(keys.ingest.token, `{ comments(kpi: "revenue", team: "east") { id } }`));
  });

  test('a key scoped to east comments on east only and reads only east threads', async () => {
    forbidden(await add(keys.eastEditor, { team: 'west', text: 'outside' }));
    forbidden(await gql(keys.eastEditor.token, `{ comments(kpi: "revenue", team: "west") { id } }`));
    const own = await mustAdd(keys.eastEditor, { period: '2025-03', text: 'inside' });
    expect(own.team).toBe('east');
    expect((await remove(keys.eastEditor, own.id)).__typename).toBe('CommentDeleted');
  });

  test('another EDITOR and a VIEWER may not edit or delete the author\'s comment; the author and an ADMIN may', async () => {
    forbidden(await edit(keys.editor2, { id: c1.id, revision: 1, text: 'hijacked' }));
    forbidden(await remove(keys.editor2, c1.id));
    forbidden(await edit(keys.viewer, { id: c1.id, revision: 1, text: 'hijacked' }));
    forbidden(await remove(keys.ingest, c1.id));
    expect((await thread('revenue', 'east')).find((c) => c.id === c1.id)).toMatchObject({ text: c1.text, revision: 1 });

    const byAdmin = await edit(keys.admin, { id: c1.id, revision: 1, text: 'January was strong (edited by an admin).' });
    expect(byAdmin.comment).toMatchObject({ text: 'January was strong (edited by an admin).', revision: 2, author: keys.editor.author });
    const byAuthor = await edit(keys.editor, { id: c1.id, revision: 2, text: 'January was strong: two renewals came early.' });
    expect(byAuthor.comment).toMatchObject({ revision: 3, text: 'January was strong: two renewals came early.' });
    c1 = byAuthor.comment;
  });

  test('the VIEWER edits its own comment', async () => {
    const r = await edit(keys.viewer, { id: c3.id, revision: 1, text: 'Which two accounts renewed early?' });
    expect(r.comment).toMatchObject({ revision: 2, author: keys.viewer.author });
    c3 = r.comment;
  });

  test('a scoped ADMIN moderates comments in its subtree only', async () => {
    const onWest = await mustAdd(keys.admin, { team: 'west', text: 'West note.' });
    forbidden(await edit(keys.eastAdmin, { id: onWest.id, revision: 1, text: 'changed' }));
    forbidden(await remove(keys.eastAdmin, onWest.id));
    const onEast = await mustAdd(keys.editor2, { period: '2025-03', text: 'to moderate' });
    expect((await edit(keys.eastAdmin, { id: onEast.id, revision: 1, text: 'moderated' })).comment.revision).toBe(2);
    expect((await remove(keys.eastAdmin, onEast.id, 2)).__typename).toBe('CommentDeleted');
    expect((await remove(keys.admin, onWest.id)).__typename).toBe('CommentDeleted');
  });
});

describe('revisions', () => {
  test('an edit naming a stale revision is a CONFLICT with the current one; nothing changes', async () => {
    const stale = await edit(keys.editor, { id: c1.id, revision: 1, text: 'lost update' });
    expect(stale).toMatchObject({ __typename: 'Conflict', code: 'CONFLICT', currentRevision: 3 });
    expect((await thread('revenue', 'east')).find((c) => c.id === c1.id).text).toBe(c1.text);
  });

  test('a delete naming a stale revision is a CONFLICT too', async () => {
    expect(await remove(keys.viewer, c3.id, 1)).toMatchObject({ __typename: 'Conflict', currentRevision: 2 });
  });

  test('an edit that changes nothing keeps the revision', async () => {
    expect((await edit(keys.editor, { id: c1.id, revision: 3, text: c1.text })).comment.revision).toBe(3);
  });

  test('a check-in\'s override is changed and withdrawn by editing; the reason goes with it', async () => {
    const changed = await edit(keys.editor, { id: c2.id, revision: 1, statusOverride: 'ON_TRACK', overrideReason: 'The order arrived on 28 February.' });
    expect(changed.comment).toMatchObject({ statusOverride: 'ON_TRACK', overrideReason: 'The order arrived on 28 February.', revision: 2 });
    let [feb] = await grid(['revenue'], ['east'], '2025-02', '2025-02', 'MONTH');
    expect(feb).toMatchObject({ status: 'OFF_TRACK', effectiveStatus: 'ON_TRACK' });
    const withdrawn = await edit(keys.editor, { id: c2.id, revision: 2, statusOverride: null });
    expect(withdrawn.comment).toMatchObject({ statusOverride: null, overrideReason: null, revision: 3 });
    [feb] = await grid(['revenue'], ['east'], '2025-02', '2025-02', 'MONTH');
    expect(feb).toMatchObject({ status: 'OFF_TRACK', effectiveStatus: 'OFF_TRACK', statusOverride: null });
    c2 = (await edit(keys.editor, { id: c2.id, revision: 3, statusOverride: 'AT_RISK', overrideReason: 'A large order slipped to March; it is signed.' })).comment;
    expect(c2.revision).toBe(4);
  });
});

describe('delete and audit', () => {
  test('the author deletes; the comment is gone from the cell, a second delete is NOT_FOUND', async () => {
    const extra = await mustAdd(keys.viewer, { text: 'Short-lived.' });
    const deleted = await remove(keys.viewer, extra.id, 1);
    expect(deleted).toMatchObject({ __typename: 'CommentDeleted', comment: { id: extra.id, text: 'Short-lived.' } });
    const [jan] = await grid(['revenue'], ['east'], '2025-01', '2025-01', 'MONTH');
    expect(jan.comments.map((c: any) => c.id)).toEqual([c3.id, c1.id]);
    expect(await remove(keys.viewer, extra.id)).toMatchObject({ __typename: 'NotFound', code: 'NOT_FOUND' });
  });

  test('creation, every edit and the delete are in the audit trail with who and before/after', async () => {
    const trail = async (id: string) => (await ws.ok(`query($k: String!) { auditTrail(entityType: "COMMENT", entityKey: $k, first: 20) { actor action before after } }`, { k: id })).auditTrail;
    // c1: created by the editor, edited by the admin (revision 2), by the editor (3); the no-op edit left no entry.
    const c1Trail = await trail(c1.id);
    expect(c1Trail.map((e: any) => [e.action, e.actor])).toEqual([['UPDATE', keys.editor.author], ['UPDATE', keys.admin.author], ['CREATE', keys.editor.author]]);
    // before and after come as JSON text.
    expect(JSON.parse(c1Trail[1].before)).toMatchObject({ text: 'January was **strong**: two renewals came early.', revision: 1, kpi: 'revenue', team: 'east', period: '2025-01' });
    expect(JSON.parse(c1Trail[1].after)).toMatchObject({ text: 'January was strong (edited by an admin).', revision: 2 });
    const deletedOnce = (await ws.ok(`{ auditTrail(entityType: "COMMENT", first: 200) { action before } }`)).auditTrail.filter((e: any) => e.action === 'DELETE');
    expect(deletedOnce.map((e: any) => JSON.parse(e.before).text)).toContain('Short-lived.');
  });
});

describe('bad input is a typed error naming the field, and writes nothing', () => {
  let before: number;
  beforeAll(async () => { before = (await thread('revenue', 'east')).length; });
  afterAll(async () => { expect((await thread('revenue', 'east')).length).toBe(before); });

  test.each([
    ['empty text', { text: '   ' }, 'INVALID_INPUT', 'text'],
    ['text over 10,000 characters', { text: 'x'.repeat(10_001) }, 'INVALID_INPUT', 'text'],
    ['a NUL character', { text: 'a\u0000b' }, 'INVALID_INPUT', 'text'],
    ['an override on a plain comment', { text: 't', statusOverride: 'AT_RISK', overrideReason: 'r' }, 'INVALID_INPUT', 'statusOverride'],
    ['an override that is no band', { kind: 'CHECK_IN', text: 't', statusOverride: 'NO_DATA', overrideReason: 'r' }, 'INVALID_INPUT', 'statusOverride'],
    ['an override without a reason', { kind: 'CHECK_IN', text: 't', statusOverride: 'AT_RISK' }, 'INVALID_INPUT', 'overrideReason'],
    ['a blank reason', { kind: 'CHECK_IN', text: 't', statusOverride: 'AT_RISK', overrideReason: ' ' }, 'INVALID_INPUT', 'overrideReason'],
    ['a reason without an override', { kind: 'CHECK_IN', text: 't', overrideReason: 'why' }, 'INVALID_INPUT', 'overrideReason'],
    ['an unknown KPI', { kpi: 'nope', text: 't' }, 'NOT_FOUND', 'kpi'],
    ['an unknown team', { team: 'nope', text: 't' }, 'NOT_FOUND', 'team'],
    ['a bad period key', { period: '2025-13', text: 't' }, 'INVALID_PERIOD', 'period'],
  ])('addComment with %s', async (_name, input, code, field) => {
    const r = await add(keys.editor, input);
    expect(r).toMatchObject({ code, field });
    expect(r.message.length).toBeGreaterThan(10);
  });

  test('exactly 10,000 characters are accepted', async () => {
    const long = await mustAdd(keys.editor, { period: '2025-06', text: 'y'.repeat(10_000) });
    expect(long.text).toHaveLength(10_000);
    expect((await remove(keys.editor, long.id)).__typename).toBe('CommentDeleted');
  });

  test.each([
    ['a malformed id', { id: 'abc', revision: 1, text: 't' }, 'INVALID_INPUT', 'id'],
    ['an unknown id', { id: '999999999999', revision: 1, text: 't' }, 'NOT_FOUND', 'id'],
    ['a NUL in the new text', { id: 'C1', revision: 3, text: '\u0000' }, 'INVALID_INPUT', 'text'],
    ['too long a text', { id: 'C1', revision: 3, text: 'z'.repeat(10_001) }, 'INVALID_INPUT', 'text'],
    ['an override on a plain comment', { id: 'C1', revision: 3, statusOverride: 'OFF_TRACK', overrideReason: 'r' }, 'INVALID_INPUT', 'statusOverride'],
  ])('editComment with %s', async (_name, input, code, field) => {
    const r = await edit(keys.editor, { ...input, id: input.id === 'C1' ? c1.id : input.id });
    expect(r).toMatchObject({ code, field });
  });

  test('the thread query refuses unknown keys and bad periods as GraphQL errors naming the field', async () => {
    const codeOf = async (args: string) => (await gql(ws.token, `{ comments(${args}) { id } }`)).errors?.[0].extensions;
    expect(await codeOf('kpi: "nope", team: "east"')).toMatchObject({ code: 'NOT_FOUND', field: 'kpi' });
    expect(await codeOf('kpi: "revenue", team: "nope"')).toMatchObject({ code: 'NOT_FOUND', field: 'team' });
    expect(await codeOf('kpi: "revenue", team: "east", from: "2025-Q5"')).toMatchObject({ code: 'INVALID_PERIOD', field: 'from' });
    expect(await codeOf('kpi: "revenue", team: "east", first: 0')).toMatchObject({ code: 'INVALID_INPUT', field: 'first' });
  });
});

describe('isolation', () => {
  test('another workspace with the same keys sees none of these comments and cannot touch them', async () => {
    const other = await createWorkspace('comments-b');
    await createTeams(other, [['org', null], ['sales', 'org'], ['east', 'sales']]);
    await defineMeasures(other, [{ key: 'm_sales' }]);
    await mustCreateKpi(other, { key: 'revenue', formula: 'm_sales', direction: 'HIGHER_IS_BETTER', defaultTarget: 100 });
    const b: Key = { token: other.token, id: '', author: '' };
    const cells = await grid(['revenue'], ['east'], '2025-01', '2025-02', 'MONTH', other.token);
    expect(cells.flatMap((c) => c.comments)).toEqual([]);
    expect(cells.map((c) => c.statusOverride)).toEqual([null, null]);
    expect(await thread('revenue', 'east', other.token)).toEqual([]);
    expect(await edit(b, { id: c1.id, revision: c1.revision, text: 'from B' })).toMatchObject({ code: 'NOT_FOUND', field: 'id' });
    expect(await remove(b, c2.id)).toMatchObject({ code: 'NOT_FOUND' });
    const auditB = (await other.ok(`{ auditTrail(entityType: "COMMENT", first: 100) { entityKey } }`)).auditTrail;
    expect(auditB).toEqual([]);
    // A's comments are as they were.
    const a = await thread('revenue', 'east');
    expect(a.find((c) => c.id === c1.id)).toMatchObject({ text: c1.text, revision: c1.revision });
    expect(a.find((c) => c.id === c2.id)).toMatchObject({ revision: c2.revision, statusOverride: 'AT_RISK' });
  });
});

describe('set-based loading (a server of its own, whose statements are counted)', () => {
  let server: RunningServer;
  let token: string;
  const statements: string[] = [];
  const commentReads = () => statements.filter((q) => /FROM comments/.test(q)).length;
  const send = async (query: string): Promise<any> => {
    const res = await fetch(`${server.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ query }) });
    const body = (await res.json()) as any;
    if (body.errors) throw new Error(JSON.stringify(body.errors));
    return body.data;
  };

  beforeAll(async () => {
    server = await startOwnServer({});
    token = await workspaceOn(server, uniqueKey('comments-sql'));
    await send(`mutation { a: createTeam(input: { key: "east", name: "East" }) { __typename } b: createTeam(input: { key: "west", name: "West" }) { __typename }
      m: defineMeasure(input: { key: "m_sales", name: "Sales", unit: COUNT, grain: MONTH }) { __typename } }`);
    await send(`mutation { createKpi(input: { key: "revenue", name: "Revenue", formula: "m_sales", direction: HIGHER_IS_BETTER }) { __typename } }`);
    await send(`mutation { createScorecard(input: { key: "review", name: "Review", sections: [{ key: "s", name: "S", weight: 1, items: [{ kpi: "revenue", weight: 1 }] }] }) { __typename } }`);
    // Comments on three of the 2 teams × 3 months = 6 cells.
    for (const [team, period] of [['east', '2025-01'], ['east', '2025-03'], ['west', '2025-02']]) {
      await send(`mutation { addComment(input: { kpi: "revenue", team: "${team}", period: "${period}", text: "on ${team} ${period}" }) { __typename } }`);
    }
    const query = server.db.dataSource.query.bind(server.db.dataSource);
    // Every argument passes through: inside a transaction the third one is its query runner.
    (server.db.dataSource as any).query = (...args: Parameters<typeof query>) => { statements.push(args[0]); return query(...args); };
  });
  afterAll(() => server.stop());

  test('a kpiValues grid reads every cell\'s comments and overrides with one statement, and none when they are not selected', async () => {
    statements.length = 0;
    const data = await send(`{ kpiValues(kpis: ["revenue"], teams: ["east", "west"], from: "2025-01", to: "2025-03", granularity: MONTH) {
      team period { key } effectiveStatus statusOverride { status } comments { text } } }`);
    expect(data.kpiValues.filter((c: any) => c.comments.length === 1).map((c: any) => c.comments[0].text).sort()).toEqual(['on east 2025-01', 'on east 2025-03', 'on west 2025-02']);
    expect(commentReads()).toBe(1);
    statements.length = 0;
    await send(`{ kpiValues(kpis: ["revenue"], teams: ["east", "west"], from: "2025-01", to: "2025-03", granularity: MONTH) { team value status } }`);
    expect(commentReads()).toBe(0);
  });

  test('an evaluateScorecard answer reads all its items\' comments with one statement', async () => {
    statements.length = 0;
    const data = await send(`{ evaluateScorecard(scorecard: "review", teams: ["east", "west"], periods: ["2025-01", "2025-02", "2025-03"]) {
      team period { key } sections { items { effectiveStatus comments { text } } } } }`);
    // 2 teams × 3 periods = 6 results, one item each; three carry a comment.
    expect(data.evaluateScorecard.flatMap((r: any) => r.sections[0].items[0].comments)).toHaveLength(3);
    expect(commentReads()).toBe(1);
  });
});
