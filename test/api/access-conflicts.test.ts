/**
 * Optimistic concurrency: every definition carries a revision, an update names the one
 * it read, and a stale one is refused with CONFLICT and the current revision, changing
 * nothing. Several writers naming the same revision at once: exactly one wins.
 */
import { createWorkspace, type TestWorkspace } from './harness/client';
import { createTeams, defineMeasures, mustCreateKpi } from './harness/crm';

const RESULT = `__typename ... on Problem { code } ... on Conflict { key currentRevision }`;

let ws: TestWorkspace;
beforeAll(async () => {
  ws = await createWorkspace('conflicts');
  await createTeams(ws, [['org', null], ['sales', 'org'], ['support', 'org']]);
  await defineMeasures(ws, [{ key: 'revenue' }, { key: 'spare' }]);
  await mustCreateKpi(ws, { key: 'revenue_kpi', formula: 'revenue * 1' });
  await mustCreateKpi(ws, { key: 'spare_kpi', formula: 'revenue * 2' });
  for (const key of ['review', 'spare-review']) {
    await ws.ok(`mutation { createScorecard(input: { key: "${key}", name: "${key}", sections: [{ key: "s", name: "S", weight: 1, items: [{ kpi: "revenue_kpi", weight: 1 }] }] }) { __typename } }`);
  }
});

interface Case {
  /** Reads the revision and what an update changes. */
  readonly read: () => Promise<{ revision: number; state: unknown }>;
  /** A change made at `revision`; `n` makes each writer's change different. */
  readonly write: (revision: number, n: number) => Promise<{ __typename: string; code?: string; currentRevision?: number }>;
}

const mutate = async (field: string, document: string, variables: Record<string, unknown>) => (await ws.ok(document, variables))[field];

const teamCase = (key: string, write: Case['write']): Case => ({
  read: async () => {
    const { team } = await ws.ok(`query($k: String!) { team(key: $k) { revision name description archived path } }`, { k: key });
    return { revision: team.revision, state: team };
  },
  write,
});

const CASES: Readonly<Record<string, Case>> = {
  updateTeam: teamCase('sales', (revision, n) =>
    mutate('updateTeam', `mutation($i: UpdateTeamInput!) { updateTeam(input: $i) { ${RESULT} } }`, { i: { key: 'sales', revision, name: `Sales ${n}` } })),
  moveTeam: teamCase('support', (revision, n) =>
    mutate('moveTeam', `mutation($i: MoveTeamInput!) { moveTeam(input: $i) { ${RESULT} } }`, { i: { key: 'support', revision, parent: n % 2 ? null : 'org' } })),
  archiveTeam: teamCase('support', (revision) =>
    mutate('archiveTeam', `mutation($r: Int!) { archiveTeam(key: "support", revision: $r) { ${RESULT} } }`, { r: revision })),
  updateMeasure: {
    read: async () => {
      const { measure } = await ws.ok(`{ measure(key: "revenue") { revision name archived } }`);
      return { revision: measure.revision, state: measure };
    },
    write: (revision, n) => mutate('updateMeasure', `mutation($i: UpdateMeasureInput!) { updateMeasure(input: $i) { ${RESULT} } }`, { i: { key: 'revenue', revision, name: `Revenue ${n}` } }),
  },
  archiveMeasure: {
    read: async () => {
      const { measure } = await ws.ok(`{ measure(key: "spare") { revision name archived } }`);
      return { revision: measure.revision, state: measure };
    },
    write: (revision) => mutate('archiveMeasure', `mutation($r: Int!) { archiveMeasure(key: "spare", revision: $r) { ${RESULT} } }`, { r: revision }),
  },
  updateKpi: {
    read: async () => {
      const { kpi } = await ws.ok(`{ kpi(key: "revenue_kpi") { revision name formula versions { version } } }`);
      return { revision: kpi.revision, state: kpi };
    },
    write: (revision, n) => mutate('updateKpi', `mutation($i: UpdateKpiInput!) { updateKpi(input: $i) { ${RESULT} } }`, { i: { key: 'revenue_kpi', revision, name: `Revenue KPI ${n}` } }),
  },
  archiveKpi: {
    read: async () => {
      const { kpi } = await ws.ok(`{ kpi(key: "spare_kpi") { revision archived } }`);
      return { revision: kpi.revision, state: kpi };
    },
    write: (revision) => mutate('archiveKpi', `mutation($r: Int!) { archiveKpi(key: "spare_kpi", revision: $r) { ${RESULT} } }`, { r: revision }),
  },
  updateScorecard: {
    read: async () => {
      const { scorecard } = await ws.ok(`{ scorecard(key: "review") { revision name } }`);
      return { revision: scorecard.revision, state: scorecard };
    },
    write: (revision, n) => mutate('updateScorecard', `mutation($i: UpdateScorecardInput!) { updateScorecard(input: $i) { ${RESULT} } }`, { i: { key: 'review', revision, name: `Review ${n}` } }),
  },
  archiveScorecard: {
    read: async () => {
      const { scorecard } = await ws.ok(`{ scorecard(key: "spare-review") { revision archived } }`);
      return { revision: scorecard.revision, state: scorecard };
    },
    write: (revision) => mutate('archiveScorecard', `mutation($r: Int!) { archiveScorecard(key: "spare-review", revision: $r) { ${RESULT} } }`, { r: revision }),
  },
  setTargets: {
    read: async () => {
      const { targets } = await ws.ok(`{ targets(kpi: "revenue_kpi") { revision targets { team value period { key } } } }`);
      return { revision: targets.revision, state: targets };
    },
    write: (revision, n) => mutate('setTargets', `mutation($r: Int!, $v: Float!) { setTargets(targets: [{ kpi: "revenue_kpi", team: "sales", period: "2025-01", value: $v }], expectedRevisions: [{ kpi: "revenue_kpi", revision: $r }]) { ${RESULT} } }`, { r: revision, v: 100 + n }),
  },
  updateWorkspaceSettings: {
    read: async () => {
      const { workspace } = await ws.ok(`{ workspace { revision name timeZone } }`);
      return { revision: workspace.revision, state: workspace };
    },
    write: (revision, n) => mutate('updateWorkspaceSettings', `mutation($i: WorkspaceSettingsInput!) { updateWorkspaceSettings(input: $i) { ${RESULT} } }`, { i: { revision, name: `Company ${n}` } }),
  },
};

// Archives go last within their entity: an archived thing takes no further changes.
const ORDER = ['updateTeam', 'moveTeam', 'updateMeasure', 'updateKpi', 'updateScorecard', 'setTargets', 'updateWorkspaceSettings', 'archiveTeam', 'archiveMeasure', 'archiveKpi', 'archiveScorecard'];

test('every revision-checked mutation has a case', () => {
  expect([...ORDER].sort()).toEqual(Object.keys(CASES).sort());
});

test.each(ORDER.filter((op) => !op.startsWith('archive')))('%s: several writers with the same revision at once, exactly one wins', async (op) => {
  const c = CASES[op];
  const { revision } = await c.read();
  const results = await Promise.all([1, 2, 3, 4].map((n) => c.write(revision, n)));
  const saved = results.filter((r) => !r.code);
  expect(saved).toHaveLength(1);
  const after = await c.read();
  expect(after.revision).toBe(revision + 1);
  for (const r of results.filter((x) => x.code)) expect(r).toMatchObject({ __typename: 'Conflict', code: 'CONFLICT', currentRevision: after.revision });
});

test.each(ORDER)('%s with a stale revision is CONFLICT with the current revision, and nothing changes', async (op) => {
  const c = CASES[op];
  const { revision: read } = await c.read();
  // Someone else saves first…
  expect((await c.write(read, 7)).code).toBeUndefined();
  const current = await c.read();
  expect(current.revision).toBeGreaterThan(read);
  // …so a change made on top of what we read is refused.
  expect(await c.write(read, 8)).toMatchObject({ __typename: 'Conflict', code: 'CONFLICT', currentRevision: current.revision });
  expect(await c.read()).toEqual(current);
});
