/**
 * An install is all or nothing: when the last step fails, the measures and KPIs written
 * before it are gone too (one transaction through every service it calls).
 */
import * as scorecards from '../../src/domain/scorecards';
import { installTemplatePack } from '../../src/domain/template-pack-install';
import type { RunningServer } from '../../src/server';
import { uniqueKey } from './harness/client';
import { startOwnServer, workspaceOn } from './harness/own-server';
import { serviceContextOn } from './harness/service-context';

let server: RunningServer;
beforeAll(async () => { server = await startOwnServer({}); });
afterAll(() => server.stop());

test('a failure while creating the scorecard leaves no measure, KPI, audit entry or generation bump behind', async () => {
  const key = uniqueKey('pack-rollback');
  await workspaceOn(server, key);
  const ctx = await serviceContextOn(server, key);
  const state = async () => {
    const [counts] = await server.db.dataSource.query(
      `SELECT (SELECT count(*)::int FROM measures WHERE workspace_id = $1) AS measures, (SELECT count(*)::int FROM kpis WHERE workspace_id = $1) AS kpis,
              (SELECT count(*)::int FROM definition_keys WHERE workspace_id = $1) AS keys, (SELECT count(*)::int FROM audit_log WHERE workspace_id = $1) AS audit,
              (SELECT definitions_generation::int FROM workspaces WHERE id = $1) AS generation`, [ctx.workspace.id]);
    return counts;
  };
  const before = await state();
  const failing = jest.spyOn(scorecards, 'createScorecard').mockRejectedValueOnce(new Error('disk full'));
  try {
    await expect(installTemplatePack(ctx, 'crm-starter')).rejects.toThrow('disk full');
  } finally {
    failing.mockRestore();
  }
  expect(await state()).toEqual(before);
  expect(before).toMatchObject({ measures: 0, kpis: 0, keys: 0 });

  const report = await installTemplatePack(ctx, 'crm-starter');
  expect(report.outcomes.every((o) => o.status === 'CREATED')).toBe(true);
  expect(await state()).toMatchObject({ measures: 40, kpis: 27, keys: 67 });
});
