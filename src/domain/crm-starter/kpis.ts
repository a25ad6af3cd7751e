/**
 * The KPIs of the CRM starter pack (CATALOG.md, "KPIs"), with the default targets of
 * "Default targets of the scorecard KPIs" (per quarter). Rates written `* 100` display as
 * PERCENT, money as CURRENCY (yuan), hours and days as DURATION with the unit named.
 */
import type { Direction, DisplayFormat } from '../kpi';
import type { PackKpi, Perspective } from '../template-pack';

type Way = 'higher' | 'lower' | 'closer';
const DIRECTION: Record<Way, Direction> = { higher: 'HIGHER_IS_BETTER', lower: 'LOWER_IS_BETTER', closer: 'CLOSER_IS_BETTER' };

/** How a KPI displays: format, unit and decimals together. */
type Shape = 'percent' | 'yuan' | 'hours' | 'days' | 'ratio' | 'score';
const SHAPES: Record<Shape, { displayFormat: DisplayFormat; unit: string; decimals: number }> = {
  percent: { displayFormat: 'PERCENT', unit: '%', decimals: 1 },
  yuan: { displayFormat: 'CURRENCY', unit: 'CNY', decimals: 0 },
  hours: { displayFormat: 'DURATION', unit: 'hours', decimals: 1 },
  days: { displayFormat: 'DURATION', unit: 'days', decimals: 1 },
  ratio: { displayFormat: 'NUMBER', unit: '', decimals: 2 },
  score: { displayFormat: 'NUMBER', unit: 'points', decimals: 1 },
};

interface Row {
  readonly name: [en: string, zh: string | null];
  readonly formula: string;
  readonly way: Way;
  readonly perspective: Perspective;
  readonly shape: Shape;
  readonly source: string;
  readonly target?: number;
  /** Overrides the shape's unit, e.g. "contacts per won deal". */
  readonly unit?: string;
}

function kpi(key: string, r: Row): PackKpi {
  const shape = SHAPES[r.shape];
  return {
    key, name: { en: r.name[0], zh: r.name[1] }, description: `Source: ${r.source}`, formula: r.formula,
    direction: DIRECTION[r.way], category: r.perspective, ...shape, unit: r.unit ?? shape.unit, defaultTarget: r.target ?? null,
  };
}

const M = 'market expansion';
const S = 'customer satisfaction';
const E = 'service efficiency';
const V = 'customer value';
const P = 'employee performance';

export const CRM_KPIS: readonly PackKpi[] = [
  kpi('cac', { name: ['Customer acquisition cost', '客户获取成本'], formula: '(marketing_spend + sales_cost + other_acquisition_cost) / new_customers', way: 'lower', perspective: M, shape: 'yuan', target: 800, source: '[003] (营销费用 + 人力成本 + 其他成本) ÷ 新客户获取量; [000] [004]' }),
  kpi('conversion_rate', { name: ['Conversion rate', '客户转化率'], formula: 'won_deals / leads * 100', way: 'higher', perspective: M, shape: 'percent', target: 20, source: '[004]' }),
  kpi('new_customer_rate', { name: ['New customer rate', '新客户开发率'], formula: 'new_customers / active_customers_end * 100', way: 'higher', perspective: M, shape: 'percent', source: '[003] 新增客户数 ÷ 同期总客户数 × 100%' }),
  kpi('churn_rate', { name: ['Churn rate', '客户流失率'], formula: 'lost_customers / customers_start * 100', way: 'lower', perspective: S, shape: 'percent', target: 5, source: '[002] [004]' }),
  kpi('retention_rate', { name: ['Retention rate', '客户留存率'], formula: 'active_customers_end / customers_start * 100', way: 'higher', perspective: S, shape: 'percent', target: 90, source: '[003] 期末活跃客户数 / 期初客户总数 × 100%' }),
  kpi('repeat_purchase_rate', { name: ['Repeat purchase rate', '重复购买率'], formula: 'repeat_customers / purchasing_customers * 100', way: 'higher', perspective: S, shape: 'percent', source: '[001]' }),
  kpi('csat', { name: ['Customer satisfaction (CSAT)', null], formula: 'csat_satisfied / csat_responses * 100', way: 'higher', perspective: S, shape: 'percent', target: 85, source: '[004] 1–5 scale' }),
  kpi('nps', { name: ['Net promoter score (NPS)', '净推荐值'], formula: '(nps_promoters - nps_detractors) / nps_responses * 100', way: 'higher', perspective: S, shape: 'score', target: 30, source: '[000] [004]' }),
  kpi('referral_rate', { name: ['Referral rate', '客户推荐率'], formula: 'referred_customers / new_customers * 100', way: 'higher', perspective: M, shape: 'percent', source: '[001]' }),
  kpi('sales_growth', { name: ['Sales growth', '销售额增长'], formula: 'GROWTH(revenue) * 100', way: 'higher', perspective: M, shape: 'percent', target: 5, source: '[003] (本期 − 上期) / 上期 × 100%' }),
  kpi('aov', { name: ['Average order value', '客单价'], formula: 'revenue / orders', way: 'higher', perspective: V, shape: 'yuan', source: '[004]' }),
  kpi('revenue_per_rep', { name: ['Revenue per sales rep', '每位销售人员的销售额'], formula: 'revenue / sales_reps', way: 'higher', perspective: P, shape: 'yuan', target: 300000, source: '[004]' }),
  kpi('sales_cycle', { name: ['Sales cycle (days)', '销售周期'], formula: 'sales_cycle_days / won_deals', way: 'lower', perspective: E, shape: 'days', source: '[004]' }),
  kpi('contact_frequency', { name: ['Contacts per won deal', '客户接触频率'], formula: 'customer_contacts / won_deals', way: 'lower', perspective: E, shape: 'ratio', unit: 'contacts per won deal', source: '[004]' }),
  kpi('clv', { name: ['Customer lifetime value', '客户终身价值'], formula: '(gross_margin / active_customers_end) / (churn_rate / 100)', way: 'higher', perspective: V, shape: 'yuan', source: '[000] [002] [004]: margin per customer over expected lifetime' }),
  kpi('ltv_cac_ratio', { name: ['CLV to CAC', null], formula: 'clv / cac', way: 'higher', perspective: V, shape: 'ratio', source: 'derived from the two above' }),
  kpi('first_response_time', { name: ['Avg. first response (hours)', '服务响应时间'], formula: 'first_response_seconds / tickets / 3600', way: 'lower', perspective: E, shape: 'hours', target: 4, source: '[001] [004]' }),
  kpi('resolution_rate', { name: ['Resolution rate', '服务解决率'], formula: 'tickets_resolved / tickets * 100', way: 'higher', perspective: E, shape: 'percent', target: 90, source: '[004]' }),
  kpi('first_contact_resolution', { name: ['First-contact resolution', '首次解决率'], formula: 'first_contact_resolved / tickets * 100', way: 'higher', perspective: E, shape: 'percent', target: 70, source: '[001]' }),
  kpi('interactions_per_ticket', { name: ['Interactions per request', '客户支持交互次数'], formula: 'support_interactions / tickets', way: 'lower', perspective: E, shape: 'ratio', unit: 'interactions per request', source: '[004]' }),
  kpi('complaint_rate', { name: ['Complaint rate', '客户投诉率'], formula: 'complaints / active_customers_end * 100', way: 'lower', perspective: S, shape: 'percent', target: 2, source: '[004]' }),
  kpi('complaint_handling_hours', { name: ['Complaint handling time', '投诉处理效率'], formula: 'complaint_resolution_seconds / complaints_resolved / 3600', way: 'lower', perspective: E, shape: 'hours', target: 48, source: '[002]' }),
  kpi('campaign_conversion_rate', { name: ['Campaign conversion', '市场活动转化率'], formula: 'campaign_conversions / campaign_participants * 100', way: 'higher', perspective: M, shape: 'percent', source: '[001]' }),
  kpi('campaign_goal_attainment', { name: ['Campaign goal attainment', '活动目标达成率'], formula: 'campaign_conversions / campaign_goal * 100', way: 'higher', perspective: M, shape: 'percent', target: 100, source: '[003]' }),
  kpi('budget_execution', { name: ['Budget execution', '预算执行率'], formula: 'campaign_spend / campaign_budget * 100', way: 'closer', perspective: M, shape: 'percent', target: 100, source: '[003]' }),
  kpi('employee_satisfaction', { name: ['Employee satisfaction', '员工满意度'], formula: 'employee_satisfaction_points / employee_survey_responses', way: 'higher', perspective: P, shape: 'score', unit: 'points of 5', target: 4, source: '[001]' }),
  kpi('training_completion', { name: ['Training completion', '员工培训完成率'], formula: 'trainings_completed / trainings_assigned * 100', way: 'higher', perspective: P, shape: 'percent', target: 95, source: '[001]' }),
];
