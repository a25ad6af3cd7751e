/** Teams over real HTTP: the tree, keys, revisions, moves and refusals that write nothing. */
import { createWorkspace, type TestWorkspace } from './harness/client';

const TEAM_FIELDS = `key name description path depth archived revision parent { key } children { key }`;
const RESULT = `__typename ... on TeamPayload { team { ${TEAM_FIELDS} } } ... on Problem { code message }
  ... on InputError { field } ... on NotFound { key } ... on Conflict { currentRevision } ... on InUse { usedBy }`;

const create = (ws: TestWorkspace, input: Record<string, unknown>) =>
  ws.ok(`mutation($i: CreateTeamInput!) { createTeam(input: $i) { ${RESULT} } }`, { i: input }).then((d) => d.createTeam);
const move = (ws: TestWorkspace, input: Record<string, unknown>) =>
  ws.ok(`mutation($i: MoveTeamInput!) { moveTeam(input: $i) { ${RESULT} } }`, { i: input }).then((d) => d.moveTeam);
const teams = (ws: TestWorkspace, filter?: Record<string, unknown>) =>
  ws.ok(`query($f: TeamFilterInput) { teams(filter: $f) { ${TEAM_FIELDS} } }`, { f: filter }).then((d) => d.teams);
const team = (ws: TestWorkspace, key: string) => ws.ok(`query($k: String!) { team(key: $k) { ${TEAM_FIELDS} } }`, { k: key }).then((d) => d.team);

let ws: TestWorkspace;

beforeAll(async () => {
  ws = await createWorkspace('teams');
  // company → sales → (east, west); company → service
  for (const [key, parent] of [['company', null], ['sales', 'company'], ['sales-east', 'sales'], ['sales-west', 'sales'], ['service', 'company']] as const) {
    const r = await create(ws, { key, name: key.toUpperCase(), parent });
    expect(r.__typename).toBe('TeamPayload');
  }
});

test('a team knows its path from the root, its depth, parent and children', async () => {
  const east = await team(ws, 'sales-east');
  expect(east.path).toEqual(['company', 'sales', 'sales-east']);
  expect(east.depth).toBe(2);
  expect(east.parent.key).toBe('sales');
  const sales = await team(ws, 'sales');
  expect(sales.children.map((c: { key: string }) => c.key)).toEqual(['sales-east', 'sales-west']);
});

test('teams lists parents before children and filters by parent and roots', async () => {
  const all = await teams(ws);
  const keys = all.map((t: { key: string }) => t.key);
  expect(keys).toEqual(['company', 'sales', 'sales-east', 'sales-west', 'service']);
  expect((await teams(ws, { parent: 'sales' })).map((t: { key: string }) => t.key)).toEqual(['sales-east', 'sales-west']);
  expect((await teams(ws, { rootsOnly: true })).map((t: { key: string }) => t.key)).toEqual(['company']);
});

test.each([
  ['upper case', 'Sales'],
  ['space', 'sales east'],
  ['leading dash', '-sales'],
  ['empty', ''],
  ['65 characters', 'a'.repeat(65)],
  ['unicode', 'vertrieb-süd'],
  ['sql', "x'; drop table teams; --"],
])('a malformed key (%s) is refused with INVALID_KEY and nothing is written', async (_name, key) => {
  const before = await teams(ws);
  const r = await create(ws, { key, name: 'x' });
  expect(r).toMatchObject({ __typename: 'InputError', code: 'INVALID_KEY', field: 'key' });
  expect(await teams(ws)).toEqual(before);
});

test('64 characters is the longest key accepted', async () => {
  const r = await create(ws, { key: 'k'.repeat(64), name: 'Long', parent: 'service' });
  expect(r.__typename).toBe('TeamPayload');
});

test('an unknown parent is NOT_FOUND naming the key', async () => {
  const r = await create(ws, { key: 'orphan', name: 'Orphan', parent: 'no-such-team' });
  expect(r).toMatchObject({ __typename: 'NotFound', code: 'NOT_FOUND', key: 'no-such-team' });
  expect((await ws.gql(`{ team(key: "orphan") { key } }`)).errors?.[0].extensions?.code).toBe('NOT_FOUND');
});

test('a duplicate key is ALREADY_EXISTS', async () => {
  const r = await create(ws, { key: 'sales', name: 'Again' });
  expect(r).toMatchObject({ __typename: 'AlreadyExists', code: 'ALREADY_EXISTS' });
});

test('an oversized name is refused with the limit in the message', async () => {
  const r = await create(ws, { key: 'big', name: 'n'.repeat(5000) });
  expect(r).toMatchObject({ __typename: 'InputError', code: 'INVALID_INPUT', field: 'name' });
  expect(r.message).toContain('200');
});

test('updateTeam needs the revision it read; a stale one is CONFLICT with the current revision', async () => {
  const current = await team(ws, 'service');
  const updated = await ws.ok(`mutation($i: UpdateTeamInput!) { updateTeam(input: $i) { ${RESULT} } }`, {
    i: { key: 'service', revision: current.revision, name: 'Customer service' },
  });
  expect(updated.updateTeam.team).toMatchObject({ name: 'Customer service', revision: current.revision + 1 });
  const stale = await ws.ok(`mutation($i: UpdateTeamInput!) { updateTeam(input: $i) { ${RESULT} } }`, {
    i: { key: 'service', revision: current.revision, name: 'Lost update' },
  });
  expect(stale.updateTeam).toMatchObject({ __typename: 'Conflict', code: 'CONFLICT', currentRevision: current.revision + 1 });
  expect((await team(ws, 'service')).name).toBe('Customer service');
});

test('moving a team under its own subtree is refused as TEAM_CYCLE with the path, and the tree is unchanged', async () => {
  const before = await teams(ws);
  const sales = await team(ws, 'sales');
  const r = await move(ws, { key: 'sales', revision: sales.revision, parent: 'sales-east' });
  expect(r).toMatchObject({ __typename: 'InputError', code: 'TEAM_CYCLE', field: 'parent' });
  expect(r.message).toContain('sales → sales-east');
  const self = await move(ws, { key: 'sales', revision: sales.revision, parent: 'sales' });
  expect(self.code).toBe('TEAM_CYCLE');
  expect(await teams(ws)).toEqual(before);
});

test('a move carries the whole subtree, and paths below it follow', async () => {
  await create(ws, { key: 'region', name: 'Region', parent: 'company' });
  const sales = await team(ws, 'sales');
  const moved = await move(ws, { key: 'sales', revision: sales.revision, parent: 'region' });
  expect(moved.team.path).toEqual(['company', 'region', 'sales']);
  expect((await team(ws, 'sales-west')).path).toEqual(['company', 'region', 'sales', 'sales-west']);
  expect((await team(ws, 'sales-west')).depth).toBe(3);
  // Moving back to a root and then under company again keeps the tree consistent.
  const asRoot = await move(ws, { key: 'sales', revision: moved.team.revision, parent: null });
  expect(asRoot.team.path).toEqual(['sales']);
  const back = await move(ws, { key: 'sales', revision: asRoot.team.revision, parent: 'company' });
  expect(back.team.path).toEqual(['company', 'sales']);
  expect((await team(ws, 'sales-east')).path).toEqual(['company', 'sales', 'sales-east']);
});

test('archiving a team with active children is IN_USE naming them; leaves archive and filter', async () => {
  const sales = await team(ws, 'sales');
  const refused = await ws.ok(`mutation($k: String!, $r: Int!) { archiveTeam(key: $k, revision: $r) { ${RESULT} } }`, { k: 'sales', r: sales.revision });
  expect(refused.archiveTeam).toMatchObject({ __typename: 'InUse', usedBy: ['sales-east', 'sales-west'] });
  const west = await team(ws, 'sales-west');
  const archived = await ws.ok(`mutation($k: String!, $r: Int!) { archiveTeam(key: $k, revision: $r) { ${RESULT} } }`, { k: 'sales-west', r: west.revision });
  expect(archived.archiveTeam.team.archived).toBe(true);
  expect((await teams(ws, { archived: true })).map((t: { key: string }) => t.key)).toEqual(['sales-west']);
  expect((await teams(ws, { archived: false })).map((t: { key: string }) => t.key)).not.toContain('sales-west');
});

test('every team change is in the audit trail with before and after', async () => {
  const audit = await ws.ok(`{ auditTrail(entityType: "TEAM", entityKey: "sales", first: 10) { action actor before after } }`);
  const actions = audit.auditTrail.map((e: { action: string }) => e.action);
  // newest first: back under company, to root, under region, create
  expect(actions).toEqual(['MOVE', 'MOVE', 'MOVE', 'CREATE']);
  expect(JSON.parse(audit.auditTrail[0].before).parent).toBeNull();
  expect(JSON.parse(audit.auditTrail[0].after).parent).toBe('company');
});
