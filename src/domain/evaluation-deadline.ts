/**
 * The per-request bound on formula evaluation (EVALUATION_TIMEOUT_MS). Evaluation runs
 * in plan groups between database reads, so the deadline is checked at those seams: a
 * request past it stops before the next read instead of holding the server.
 */
import type { ServiceContext } from './context';

export class EvaluationTimeout extends Error {
  constructor(readonly limitMs: number) {
    super(`Evaluating this request took longer than the ${limitMs} ms allowed (EVALUATION_TIMEOUT_MS); ask for fewer KPIs, teams or periods at once.`);
    this.name = 'EvaluationTimeout';
  }
}

/** Throws EvaluationTimeout when the request's evaluation deadline has passed. */
export function checkEvaluationDeadline(ctx: ServiceContext): void {
  const deadline = ctx.evaluationDeadline;
  if (deadline && Date.now() > deadline.at) throw new EvaluationTimeout(deadline.limitMs);
}
