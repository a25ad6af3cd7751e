/**
 * Evaluates KPIs over a grid of teams × periods: choose the formula version in force
 * for each period, compile (cached per definitions generation), load every input the
 * plan names in one set-based pass, run the compiled columns. No query per cell.
 */
import type { EntityManager } from 'typeorm';
import {
  checkFormula, compilePlan, ERROR_CODE_NUMBER, type FormulaAst, type InputSpec, type KpiColumn, type KpiDefinition, type Plan,
  type TeamContext, walk,
} from '../engine';
import { type Granularity, type IndexWindow, type Period, periodIndex, resolveWindowIndexes } from '../periods';
import type { ServiceContext } from './context';
import { type Definitions, loadDefinitions } from './definitions';
import { checkEvaluationDeadline } from './evaluation-deadline';
import { type Kpi, versionOn } from './kpi';
import { type LoadTeam, loadMeasureWindows, TOTAL } from './measure-loader';
import type { TeamNode, TeamTree } from './team-tree';

export interface Draft {
  /** Reserved key the draft is evaluated under (not a stored KPI key). */
  readonly key: string;
  readonly ast: FormulaAst;
  readonly formula: string;
}

export interface GridRequest {
  readonly kpis: readonly string[];
  readonly drafts?: readonly Draft[];
  readonly teams: readonly TeamNode[];
  /** Contiguous periods at one granularity, in order. */
  readonly periods: readonly Period[];
  readonly granularity: Granularity;
  readonly tree: TeamTree;
  readonly defs?: Definitions;
}

export interface GridResult {
  readonly defs: Definitions;
  readonly tree: TeamTree;
  readonly teams: readonly TeamNode[];
  readonly periods: readonly Period[];
  /** By KPI key: cells `[teamIndex * periods.length + periodIndex]`. */
  readonly columns: ReadonlyMap<string, KpiColumn>;
  /** By KPI key: the formula version used for each period (0 for drafts). */
  readonly versions: ReadonlyMap<string, readonly number[]>;
  /** The plans used, with the period positions each evaluated, for explanations. */
  readonly groups: readonly EvaluatedGroup[];
}

export interface EvaluatedGroup {
  readonly plan: Plan;
  readonly periodPositions: readonly number[];
  readonly inputs: readonly Float64Array[];
}

const PLAN_CACHE_LIMIT = 500;
const planCache = new Map<string, Plan>();

/** Versions in force on a day for the wanted KPIs and everything they read. */
function versionsInForce(defs: Definitions, wanted: readonly string[], day: number): Map<string, number> {
  const chosen = new Map<string, number>();
  const stack = [...wanted];
  while (stack.length > 0) {
    const key = stack.pop()!;
    if (chosen.has(key)) continue;
    const kpi = defs.kpis.get(key);
    if (!kpi || kpi.versions.length === 0) continue;
    const v = versionOn(kpi, day);
    chosen.set(key, v.version);
    stack.push(...v.kpiRefs);
  }
  return chosen;
}

/** Which version of each KPI a period uses; periods with equal signatures share a plan. */
function signatureOf(chosen: ReadonlyMap<string, number>): string {
  return [...chosen].sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => `${k}:${v}`).join(',');
}

function astOf(defs: Definitions, kpi: Kpi, version: number): FormulaAst {
  const v = kpi.versions.find((x) => x.version === version)!;
  const resolve = (name: string) => (defs.measures.has(name) ? 'MEASURE' : defs.kpis.has(name) ? 'KPI' : undefined);
  const checked = checkFormula(v.formula, { resolve });
  // Stored formulas were checked when saved; a parse failure here means a broken invariant.
  if (!checked.ast) throw new Error(`stored formula of ${kpi.key} v${version} does not parse`);
  return checked.ast;
}

function planFor(ctx: ServiceContext, defs: Definitions, chosen: Map<string, number>, wanted: readonly string[], drafts: readonly Draft[]): Plan {
  const signature = signatureOf(chosen);
  const cacheKey = `${ctx.workspace.id}|${defs.generation}|${signature}|${wanted.join(',')}|${drafts.map((d) => `${d.key}=${d.formula}`).join('|')}`;
  const hit = planCache.get(cacheKey);
  if (hit) return hit;
  const kpis: KpiDefinition[] = [...chosen].map(([key, version]) => {
    const kpi = defs.kpis.get(key)!;
    return { key, ast: astOf(defs, kpi, version), formula: kpi.versions.find((x) => x.version === version)!.formula };
  });
  for (const d of drafts) kpis.push({ key: d.key, ast: d.ast, formula: d.formula });
  const plan = compilePlan({ kpis, wanted });
  if (planCache.size >= PLAN_CACHE_LIMIT) planCache.delete(planCache.keys().next().value!);
  planCache.set(cacheKey, plan);
  return plan;
}

/** The team a row reads in a team context: itself, an ancestor, the total, or nothing (blank). */
function contextTeam(ctx: ServiceContext, tree: TeamTree, team: TeamNode, context: TeamContext): LoadTeam | null {
  switch (context.kind) {
    case 'SELF': return team;
    case 'TOTAL': return TOTAL;
    case 'NONE': return null;
    case 'ANCESTOR': {
      let current: TeamNode | undefined = team;
      for (let i = 0; i < context.levels && current; i++) {
        // Above a scoped key's root the visible world ends: PARENT is blank there.
        if (current.id === ctx.actor.scopeTeamId) return null;
        current = current.parentId ? tree.byId.get(current.parentId) : undefined;
      }
      return current ?? null;
    }
  }
}

async function loadInputs(
  ctx: ServiceContext, request: GridRequest, defs: Definitions, plan: Plan, periods: readonly Period[], run?: EntityManager,
): Promise<Float64Array[]> {
  const { teams, granularity, tree } = request;
  const calendar = { fiscalYearStartMonth: ctx.workspace.fiscalYearStartMonth };
  const P = periods.length;
  const indexes = periods.map((p) => periodIndex(p, calendar));

  // Every distinct window and team the inputs need, loaded in one call.
  const windowIds = new Map<string, number>();
  const windows: IndexWindow[] = [];
  const loadTeams: LoadTeam[] = [];
  const loadTeamIds = new Map<string, number>();
  const teamKey = (t: LoadTeam) => (t === TOTAL ? TOTAL : t.id);
  // Inputs with the same time (or team) context share one window (or row) mapping.
  const windowOf = new Map<string, Int32Array>();
  const rowOf = new Map<string, Int32Array>();
  const windowPositions = (time: InputSpec['time']): Int32Array => {
    const key = JSON.stringify(time);
    let positions = windowOf.get(key);
    if (!positions) {
      positions = new Int32Array(P);
      for (let p = 0; p < P; p++) {
        const w = resolveWindowIndexes(indexes[p], granularity, time, calendar);
        const id = `${w.first}:${w.last}`;
        let at = windowIds.get(id);
        if (at === undefined) { at = windows.length; windows.push(w); windowIds.set(id, at); }
        positions[p] = at;
      }
      windowOf.set(key, positions);
    }
    return positions;
  };
  const teamRows = (context: TeamContext): Int32Array => {
    const key = JSON.stringify(context);
    let rows = rowOf.get(key);
    if (!rows) {
      rows = new Int32Array(teams.length);
      for (let t = 0; t < teams.length; t++) {
        const target = contextTeam(ctx, tree, teams[t], context);
        if (target === null) { rows[t] = -1; continue; }
        let at = loadTeamIds.get(teamKey(target));
        if (at === undefined) { at = loadTeams.length; loadTeams.push(target); loadTeamIds.set(teamKey(target), at); }
        rows[t] = at;
      }
      rowOf.set(key, rows);
    }
    return rows;
  };
  const layouts = plan.inputs.map((spec) => ({ positions: windowPositions(spec.time), rows: teamRows(spec.team) }));
  const measures = [...new Set(plan.inputs.map((s) => s.measure))].map((k) => defs.measures.get(k)).filter((m) => m !== undefined);
  const loaded = await loadMeasureWindows(ctx, { measures, granularity, windows, teams: loadTeams, tree, run });
  const W = windows.length;
  return plan.inputs.map((spec, i) => {
    const column = new Float64Array(teams.length * P).fill(NaN);
    const values = loaded.values.get(spec.measure);
    if (!values) return column;
    const { positions, rows } = layouts[i];
    for (let t = 0; t < teams.length; t++) {
      const row = rows[t];
      if (row < 0) continue;
      const base = row * W;
      for (let p = 0; p < P; p++) column[t * P + p] = values[base + positions[p]];
    }
    return column;
  });
}

export async function evaluateGrid(ctx: ServiceContext, request: GridRequest): Promise<GridResult> {
  const defs = request.defs ?? (await loadDefinitions(ctx));
  const drafts = request.drafts ?? [];
  const wanted = [...new Set([...request.kpis, ...drafts.map((d) => d.key)])];
  const draftRefs = drafts.flatMap((d) => collectKpiRefs(d.ast, defs));
  const P = request.periods.length;
  const T = request.teams.length;

  // Periods sharing the same versions share one plan (usually all of them).
  const groups = new Map<string, { chosen: Map<string, number>; positions: number[] }>();
  request.periods.forEach((period, p) => {
    const chosen = versionsInForce(defs, [...request.kpis, ...draftRefs], period.endDay);
    const signature = signatureOf(chosen);
    const group = groups.get(signature) ?? { chosen, positions: [] };
    group.positions.push(p);
    groups.set(signature, group);
  });

  const columns = new Map<string, KpiColumn>();
  const versions = new Map<string, number[]>();
  for (const key of wanted) {
    columns.set(key, { values: new Float64Array(T * P).fill(NaN), errors: new Uint8Array(T * P) });
    versions.set(key, new Array<number>(P).fill(0));
  }
  const evaluated: EvaluatedGroup[] = [];
  const planned = [...groups.values()].map(({ chosen, positions }) => {
    checkEvaluationDeadline(ctx);
    return { chosen, positions, plan: planFor(ctx, defs, chosen, wanted, drafts), periods: positions.map((p) => request.periods[p]) };
  });
  const loadAll = async (run?: EntityManager) => {
    const all: Float64Array[][] = [];
    for (const g of planned) all.push(await loadInputs(ctx, request, defs, g.plan, g.periods, run));
    return all;
  };
  // Periods on different formula versions load apart; one snapshot keeps a batch of values
  // written meanwhile from showing in some periods of the answer and not in others.
  const inputsOf = planned.length > 1 && !ctx.tx ? await ctx.db.dataSource.transaction('REPEATABLE READ', loadAll) : await loadAll();
  for (const [g, { chosen, positions, plan, periods }] of planned.entries()) {
    const inputs = inputsOf[g];
    checkEvaluationDeadline(ctx);
    const out = plan.evaluate({ cells: T * periods.length, inputs });
    evaluated.push({ plan, periodPositions: positions, inputs });
    for (const key of wanted) {
      const column = out.get(key);
      const target = columns.get(key)!;
      const failure = plan.errors.get(key)?.[0]?.code;
      for (let t = 0; t < T; t++) {
        for (let i = 0; i < positions.length; i++) {
          const cell = t * P + positions[i];
          if (!column) {
            target.errors[cell] = ERROR_CODE_NUMBER[failure ?? 'UNKNOWN_REFERENCE'];
            continue;
          }
          target.values[cell] = column.values[t * periods.length + i];
          target.errors[cell] = column.errors[t * periods.length + i];
        }
      }
      const used = versions.get(key)!;
      for (const p of positions) used[p] = chosen.get(key) ?? 0;
    }
  }
  checkEvaluationDeadline(ctx);
  return { defs, tree: request.tree, teams: request.teams, periods: request.periods, columns, versions, groups: evaluated };
}

function collectKpiRefs(ast: FormulaAst, defs: Definitions): string[] {
  return [...walk(ast)].filter((n) => n.kind === 'reference' && defs.kpis.has(n.name)).map((n) => (n as { name: string }).name);
}
