/**
 * A review conversation in the demo, so a new user sees comments and check-ins on the
 * 2025-Q4 numbers: the struggling team explains itself (one check-in overrides a status
 * with a reason), management answers, the strong team notes what worked. Written by the
 * demo's people (the seed's key, under their names); added once — texts already stored
 * are skipped on a second run.
 */
import { addComment, type AddCommentInput } from './comments';
import { type ServiceContext, transaction } from './context';

export interface DemoComment extends AddCommentInput {
  readonly author: string;
}

/** Oldest first: the order they are written in, so threads read newest first. */
export const DEMO_COMMENTS: readonly DemoComment[] = [
  {
    kpi: 'conversion_rate', team: 'sales-north', period: '2025-Q4', kind: 'CHECK_IN', author: 'Zhao Lei 赵磊 (Sales North, demo)',
    text: 'Q4 check-in: conversion is still below target. Many leads from the autumn trade fair were not ready to buy.\n\n'
      + 'Plan for Q1:\n- qualify trade-fair leads before they reach the reps\n- weekly pipeline review with every rep',
  },
  {
    kpi: 'conversion_rate', team: 'sales-north', period: '2025-Q4', kind: 'COMMENT', author: 'Head of Sales (demo)',
    text: 'Agreed. Let us look at conversion by lead source in the January review; marketing, please bring the campaign split.',
  },
  {
    kpi: 'churn_rate', team: 'sales-north', period: '2025-Q4', kind: 'CHECK_IN', author: 'Zhao Lei 赵磊 (Sales North, demo)',
    text: 'Churn is above target because two large accounts cancelled in October, after the price change. **Both signed again in December.**',
    statusOverride: 'AT_RISK',
    overrideReason: 'The two accounts that left in October are back under contract from January; without them the rate is close to target, so the trend is at risk rather than off track.',
  },
  {
    kpi: 'revenue_per_rep', team: 'sales-east', period: '2025-Q4', kind: 'COMMENT', author: 'Li Wei 李伟 (Sales East, demo)',
    text: 'Best quarter of the year: two enterprise deals closed in November. The shared demo calendar with pre-sales made the difference.',
  },
  {
    kpi: 'first_response_time', team: 'service-hotline', period: '2025-Q4', kind: 'CHECK_IN', author: 'Wu Hua 吴华 (Service Hotline, demo)',
    text: 'Response times rose with the December peak; two temporary agents start before the next one.',
  },
];

/** Adds the demo comments not stored yet; returns how many were added. */
export async function seedDemoComments(ctx: ServiceContext): Promise<number> {
  const stored = await transaction(ctx, async (tx) => {
    const rows: Array<{ body: string }> = await tx.query(`SELECT body FROM comments WHERE workspace_id = $1 AND body = ANY($2::text[])`, [ctx.workspace.id, DEMO_COMMENTS.map((c) => c.text)]);
    return new Set(rows.map((r) => r.body));
  });
  const missing = DEMO_COMMENTS.filter((c) => !stored.has(c.text));
  for (const { author, ...input } of missing) await addComment({ ...ctx, actor: { ...ctx.actor, name: author } }, input);
  return missing.length;
}
