import { Arg, Ctx, Int, Mutation, Query, Resolver } from 'type-graphql';
import { describeFunctions } from '../engine';
import { archiveKpi, createKpi, FormulaRefused, getKpi, listKpis, updateKpi, validateFormula } from '../domain/kpis';
import { loadDefinitions } from '../domain/definitions';
import type { Kpi } from '../domain/kpi';
import { type GraphQLContext, asResult, orError, serviceOf } from './context';
import { FormulaFunctionType, FormulaInvalid, FormulaValidationType, toFormulaErrorType } from './formula.types';
import { CreateKpiInput, KpiFilterInput, KpiResult, KpiSaved, KpiType, UpdateKpiInput, toKpiType } from './kpi.types';
import { ConsistencyArg, ReadConsistency, readOn } from './read-consistency';

/** Refused formulas are a result member of their own, with every error and its position. */
async function kpiResult(ctx: GraphQLContext, work: () => Promise<Kpi>): Promise<typeof KpiResult> {
  return asResult(async () => {
    try {
      const kpi = await work();
      const defs = await loadDefinitions(serviceOf(ctx));
      return Object.assign(new KpiSaved(), { kpi: toKpiType(defs.kpis.get(kpi.key) ?? kpi, defs) });
    } catch (error) {
      if (error instanceof FormulaRefused) {
        return Object.assign(new FormulaInvalid(), {
          code: 'FORMULA_INVALID',
          message: `The formula was refused: ${error.message}`,
          formula: error.formula,
          errors: error.errors.map(toFormulaErrorType),
        });
      }
      throw error;
    }
  });
}

@Resolver()
export class KpiResolver {
  @Query(() => [KpiType], { description: 'KPIs, by default only active ones, sorted by key.' })
  kpis(
    @Ctx() ctx: GraphQLContext,
    @Arg('filter', () => KpiFilterInput, { nullable: true }) filter: KpiFilterInput | undefined,
    @ConsistencyArg() consistency: ReadConsistency,
  ): Promise<KpiType[]> {
    return orError(async () => {
      const { defs, kpis } = await readOn(ctx, consistency, (read) => listKpis(read, filter ?? {}));
      return kpis.map((k) => toKpiType(k, defs));
    });
  }

  @Query(() => KpiType, { description: 'One KPI with its versions, dependencies and dependents.' })
  kpi(@Ctx() ctx: GraphQLContext, @Arg('key', () => String) key: string): Promise<KpiType> {
    return orError(async () => {
      const { defs, kpi } = await getKpi(serviceOf(ctx), key);
      return toKpiType(kpi, defs);
    });
  }

  @Query(() => FormulaValidationType, { description: 'Checks a draft formula against the workspace: errors with positions, references, functions. Saves nothing.' })
  validateFormula(
    @Ctx() ctx: GraphQLContext,
    @Arg('formula', () => String) formula: string,
    @Arg('kpi', () => String, { nullable: true, description: 'The KPI it is meant for, to find cycles through it.' }) kpi?: string,
  ): Promise<FormulaValidationType> {
    return orError(async () => {
      const r = await validateFormula(serviceOf(ctx), formula, kpi);
      return Object.assign(new FormulaValidationType(), {
        valid: r.ok, errors: r.errors.map(toFormulaErrorType), measures: [...r.measures], kpis: [...r.kpis], functions: [...r.functions], reach: r.reach,
      });
    });
  }

  @Query(() => [FormulaFunctionType], { description: 'The functions formulas may call, with their rules and examples.' })
  functions(): FormulaFunctionType[] {
    return describeFunctions().map((f) => Object.assign(new FormulaFunctionType(), f));
  }

  @Mutation(() => KpiResult, { description: 'Defines a KPI; the formula is checked first and nothing is saved if it is refused.' })
  createKpi(@Ctx() ctx: GraphQLContext, @Arg('input', () => CreateKpiInput) input: CreateKpiInput): Promise<typeof KpiResult> {
    const { statusBands, ...rest } = input;
    return kpiResult(ctx, () => createKpi(serviceOf(ctx), { ...rest, onTrackThreshold: statusBands?.onTrack, atRiskThreshold: statusBands?.atRisk }));
  }

  @Mutation(() => KpiResult, { description: 'Changes a KPI; a new formula becomes a new version applying from effectiveFrom.' })
  updateKpi(@Ctx() ctx: GraphQLContext, @Arg('input', () => UpdateKpiInput) input: UpdateKpiInput): Promise<typeof KpiResult> {
    const { key, revision, statusBands, ...rest } = input;
    return kpiResult(ctx, () => updateKpi(serviceOf(ctx), key, revision, { ...rest, ...(statusBands ? { onTrackThreshold: statusBands.onTrack, atRiskThreshold: statusBands.atRisk } : {}) }));
  }

  @Mutation(() => KpiResult, { description: 'Archives a KPI; refused while other KPIs or scorecards use it (named in the answer).' })
  archiveKpi(@Ctx() ctx: GraphQLContext, @Arg('key', () => String) key: string, @Arg('revision', () => Int) revision: number): Promise<typeof KpiResult> {
    return kpiResult(ctx, () => archiveKpi(serviceOf(ctx), key, revision));
  }
}
