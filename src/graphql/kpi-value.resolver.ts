import { Arg, Ctx, Query, Resolver } from 'type-graphql';
import { errorCodeFromNumber, type ExplainedValue } from '../engine';
import { explainKpiValue, flattenExplanation, previewFormula } from '../domain/formula-preview';
import { kpiValues } from '../domain/kpi-values';
import { withKpiValueComments } from './comment-threads';
import { type GraphQLContext, orError, serviceOf } from './context';
import { listLength, periodsRequested, registerListSize } from './cost-limit';
import { type FormulaErrorCodeEnum, toFormulaErrorType } from './formula.types';
import { ExplainStepType, FormulaPreviewType, KpiExplanationType, type KpiStatusEnum, KpiValueType, PreviewValueType } from './kpi-value.types';
import { GranularityEnum, toPeriodType } from './period.types';
import { ConsistencyArg, ReadConsistency, readOn } from './read-consistency';

/** Grid reads cost kpis × teams × periods. */
registerListSize('Query.kpiValues', (args) => listLength(args.kpis) * listLength(args.teams) * periodsRequested(args));
registerListSize('FormulaPreview.values', () => 1000);

function explained(v: ExplainedValue): { value: number | null; blank: boolean; error: FormulaErrorCodeEnum | null; skipped: boolean } {
  switch (v.kind) {
    case 'number': return { value: v.value, blank: false, error: null, skipped: false };
    case 'blank': return { value: null, blank: true, error: null, skipped: false };
    case 'error': return { value: null, blank: false, error: v.code as FormulaErrorCodeEnum, skipped: false };
    case 'not-evaluated': return { value: null, blank: false, error: null, skipped: true };
  }
}

@Resolver()
export class KpiValueResolver {
  @Query(() => [KpiValueType], { description: 'KPI × team × period grid: value (or blank, or error), target, achievement, status, previous value and change. Team values roll up their whole subtree.' })
  kpiValues(
    @Ctx() ctx: GraphQLContext,
    @Arg('kpis', () => [String]) kpis: string[],
    @Arg('teams', () => [String]) teams: string[],
    @Arg('from', () => String, { description: 'Period key of any granularity.' }) from: string,
    @Arg('to', () => String) to: string,
    @Arg('granularity', () => GranularityEnum) granularity: GranularityEnum,
    @ConsistencyArg() consistency: ReadConsistency,
  ): Promise<KpiValueType[]> {
    return orError(async () => {
      const service = serviceOf(ctx);
      const cells = await readOn(ctx, consistency, (read) => kpiValues(read, { kpis, teams, from, to, granularity }));
      const periods = new Map<string, ReturnType<typeof toPeriodType>>();
      return withKpiValueComments(service, cells.map((c) => {
        let period = periods.get(c.period.key);
        if (!period) { period = toPeriodType(c.period); periods.set(c.period.key, period); }
        return Object.assign(new KpiValueType(), {
          kpi: c.kpi.key, team: c.team.key, period, value: c.value, error: c.error as FormulaErrorCodeEnum | null,
          target: c.target, achievement: c.achievement, status: c.status as KpiStatusEnum,
          previous: c.previous, change: c.change, changeRatio: c.changeRatio, version: c.version,
        });
      }));
    });
  }

  @Query(() => FormulaPreviewType, { description: 'Evaluates a draft formula on real data without saving it.' })
  previewFormula(
    @Ctx() ctx: GraphQLContext,
    @Arg('formula', () => String) formula: string,
    @Arg('teams', () => [String]) teams: string[],
    @Arg('from', () => String) from: string,
    @Arg('to', () => String) to: string,
    @Arg('granularity', () => GranularityEnum) granularity: GranularityEnum,
  ): Promise<FormulaPreviewType> {
    return orError(async () => {
      const { check, cells } = await previewFormula(serviceOf(ctx), { formula, teams, from, to, granularity });
      return Object.assign(new FormulaPreviewType(), {
        formula, valid: check.ok, errors: check.errors.map(toFormulaErrorType), measures: [...check.measures], kpis: [...check.kpis],
        values: cells.map((c) => Object.assign(new PreviewValueType(), {
          team: c.team.key, period: toPeriodType(c.period), value: c.value, error: (errorCodeFromNumber(c.errorCode) ?? null) as FormulaErrorCodeEnum | null,
        })),
      });
    });
  }

  @Query(() => KpiExplanationType, { description: "One cell's formula with every input and intermediate value, for trusting a number." })
  explainKpiValue(
    @Ctx() ctx: GraphQLContext,
    @Arg('kpi', () => String) kpi: string,
    @Arg('team', () => String) team: string,
    @Arg('period', () => String) period: string,
  ): Promise<KpiExplanationType> {
    return orError(async () => {
      const cell = await explainKpiValue(serviceOf(ctx), kpi, team, period);
      const top = explained(cell.explanation.value);
      return Object.assign(new KpiExplanationType(), {
        kpi, team: cell.team.key, period: toPeriodType(cell.period), formula: cell.explanation.formula, version: cell.version,
        value: top.value, error: top.error,
        steps: flattenExplanation(cell.explanation.tree).map((n) => Object.assign(new ExplainStepType(), {
          id: n.id, parent: n.parent, depth: n.depth, kind: n.kind, text: n.text, ...explained(n.value),
          context: n.context ?? null, measure: n.measure?.key ?? null, label: n.measure?.label ?? null,
          kpi: n.kpi?.key ?? null, kpiFormula: n.kpi?.formula ?? null,
        })),
      });
    });
  }
}


