/** Workspaces: operator-only creation, settings with revisions, and nothing crossing workspaces. */
import { createWorkspace, gql, type TestWorkspace } from './harness/client';

let a: TestWorkspace;
let b: TestWorkspace;
beforeAll(async () => {
  a = await createWorkspace('ws-a', { timeZone: 'Asia/Shanghai', fiscalYearStartMonth: 4 });
  b = await createWorkspace('ws-b');
  await a.ok(`mutation { createTeam(input: { key: "secret-team", name: "A only" }) { __typename } }`);
});

test('a workspace key cannot create workspaces; only the operator credential can', async () => {
  const res = await a.gql(`mutation { createWorkspace(input: { key: "evil", name: "x" }) { __typename } }`);
  expect(res.errors?.[0].extensions?.code).toBe('FORBIDDEN');
});

test('settings are returned as created', async () => {
  const { workspace } = await a.ok(`{ workspace { key timeZone fiscalYearStartMonth statusBands { onTrack atRisk } revision } }`);
  expect(workspace).toEqual({ key: a.key, timeZone: 'Asia/Shanghai', fiscalYearStartMonth: 4, statusBands: { onTrack: 1, atRisk: 0.9 }, revision: 1 });
});

test.each([
  [{ timeZone: 'Mars/Olympus' }, 'timeZone'],
  [{ fiscalYearStartMonth: 13 }, 'fiscalYearStartMonth'],
  [{ onTrackThreshold: -1 }, 'onTrackThreshold'],
  [{ onTrackThreshold: 0.8, atRiskThreshold: 0.95 }, 'atRiskThreshold'],
])('bad settings %j are refused on field %s and nothing changes', async (settings, field) => {
  const res = await b.ok(`mutation($i: WorkspaceSettingsInput!) { updateWorkspaceSettings(input: $i) { __typename ... on InputError { code field } } }`, {
    i: { revision: 1, ...settings },
  });
  expect(res.updateWorkspaceSettings).toEqual({ __typename: 'InputError', code: 'INVALID_INPUT', field });
  expect((await b.ok(`{ workspace { revision } }`)).workspace.revision).toBe(1);
});

test('settings update with the right revision; a stale one is CONFLICT', async () => {
  const q = `mutation($i: WorkspaceSettingsInput!) { updateWorkspaceSettings(input: $i) { __typename
    ... on WorkspacePayload { workspace { timeZone revision } } ... on Conflict { currentRevision } } }`;
  const first = await b.ok(q, { i: { revision: 1, timeZone: 'Europe/Berlin' } });
  expect(first.updateWorkspaceSettings.workspace).toEqual({ timeZone: 'Europe/Berlin', revision: 2 });
  const stale = await b.ok(q, { i: { revision: 1, timeZone: 'UTC' } });
  expect(stale.updateWorkspaceSettings).toEqual({ __typename: 'Conflict', currentRevision: 2 });
});

test("workspace B sees none of A's teams and cannot change them", async () => {
  expect((await b.ok(`{ teams { key } }`)).teams).toEqual([]);
  expect((await b.gql(`{ team(key: "secret-team") { key } }`)).errors?.[0].extensions?.code).toBe('NOT_FOUND');
  const update = await b.ok(`mutation { updateTeam(input: { key: "secret-team", revision: 1, name: "pwned" }) { __typename } }`);
  expect(update.updateTeam.__typename).toBe('NotFound');
  const archive = await b.ok(`mutation { archiveTeam(key: "secret-team", revision: 1) { __typename } }`);
  expect(archive.archiveTeam.__typename).toBe('NotFound');
  const move = await b.ok(`mutation { moveTeam(input: { key: "secret-team", revision: 1, parent: null }) { __typename } }`);
  expect(move.moveTeam.__typename).toBe('NotFound');
  // B may create its own team with the same key: keys are per workspace.
  const own = await b.ok(`mutation { createTeam(input: { key: "secret-team", name: "B's" }) { __typename } }`);
  expect(own.createTeam.__typename).toBe('TeamPayload');
  expect((await a.ok(`{ team(key: "secret-team") { name revision } }`)).team).toEqual({ name: 'A only', revision: 1 });
  expect((await b.ok(`{ auditTrail(entityType: "TEAM") { entityKey } }`)).auditTrail.map((e: { entityKey: string }) => e.entityKey)).toEqual(['secret-team']);
  const everything = (await b.ok(`{ auditTrail(first: 500) { entityKey after } }`)).auditTrail;
  expect(JSON.stringify(everything)).not.toContain(a.key);
  expect(JSON.stringify(everything)).not.toContain('A only');
});

test("an operator credential is not a workspace key: it reads no workspace's data", async () => {
  const res = await gql(process.env.KPI_TEST_OPERATOR!, `{ teams { key } }`);
  expect(res.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
});
