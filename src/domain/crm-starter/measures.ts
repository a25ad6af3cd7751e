/** The base measures of the CRM starter pack (CATALOG.md, "Base measures"). */
import type { MeasureUnit, TimeAggregation } from '../measure';
import type { PackMeasure } from '../template-pack';

/** Money in the pack is in yuan: the source articles are about Chinese companies. */
export const PACK_CURRENCY = 'CNY';

type Unit = 'count' | 'currency' | 'days' | 'seconds' | 'points';
const UNITS: Record<Unit, MeasureUnit> = { count: 'COUNT', currency: 'CURRENCY', days: 'DAYS', seconds: 'SECONDS', points: 'POINTS' };

function measure(key: string, en: string, zh: string | null, unit: Unit, over: TimeAggregation, description = ''): PackMeasure {
  return {
    key, name: { en, zh }, description, unit: UNITS[unit], currency: unit === 'currency' ? PACK_CURRENCY : null,
    timeAggregation: over, teamAggregation: 'SUM', grain: 'MONTH',
  };
}

export const CRM_MEASURES: readonly PackMeasure[] = [
  measure('leads', 'Leads', '潜在客户', 'count', 'SUM', 'New prospects entering the funnel.'),
  measure('won_deals', 'Won deals', '成交客户', 'count', 'SUM'),
  measure('new_customers', 'New customers', '新客户', 'count', 'SUM'),
  measure('customers_start', 'Customers at period start', '期初客户总数', 'count', 'FIRST', 'Balance: the customer base when the period starts.'),
  measure('active_customers_end', 'Active customers at period end', '期末活跃客户数', 'count', 'LAST', 'Balance: active customers when the period ends.'),
  measure('lost_customers', 'Lost customers', '流失客户', 'count', 'SUM'),
  measure('repeat_customers', 'Repeat buyers', '重复购买客户', 'count', 'SUM'),
  measure('purchasing_customers', 'Buying customers', null, 'count', 'SUM'),
  measure('referred_customers', 'Customers from referrals', '推荐客户', 'count', 'SUM'),
  measure('revenue', 'Revenue', '销售额', 'currency', 'SUM'),
  measure('orders', 'Orders', '订单数', 'count', 'SUM'),
  measure('gross_margin', 'Gross margin', '毛利', 'currency', 'SUM'),
  measure('marketing_spend', 'Marketing spend', '营销费用', 'currency', 'SUM'),
  measure('sales_cost', 'Sales staff cost', '人力成本', 'currency', 'SUM'),
  measure('other_acquisition_cost', 'Other acquisition cost', '其他成本', 'currency', 'SUM'),
  measure('sales_reps', 'Sales reps', '销售人员数', 'count', 'AVERAGE', 'Headcount.'),
  measure('sales_cycle_days', 'Days from first contact to close, summed', '销售周期', 'days', 'SUM', 'Divide by won_deals.'),
  measure('customer_contacts', 'Customer contacts', '客户接触次数', 'count', 'SUM'),
  measure('csat_responses', 'CSAT responses', null, 'count', 'SUM'),
  measure('csat_satisfied', 'CSAT 4–5 of 5', null, 'count', 'SUM'),
  measure('nps_responses', 'NPS responses', null, 'count', 'SUM'),
  measure('nps_promoters', 'Promoters (9–10)', null, 'count', 'SUM'),
  measure('nps_detractors', 'Detractors (0–6)', null, 'count', 'SUM'),
  measure('tickets', 'Service requests', '服务请求', 'count', 'SUM'),
  measure('tickets_resolved', 'Resolved', '已解决', 'count', 'SUM'),
  measure('first_contact_resolved', 'Resolved at first contact', '首次解决', 'count', 'SUM'),
  measure('first_response_seconds', 'Time to first response, summed', '响应时间', 'seconds', 'SUM'),
  measure('support_interactions', 'Support interactions', '客户支持交互次数', 'count', 'SUM'),
  measure('complaints', 'Complaints', '投诉', 'count', 'SUM'),
  measure('complaints_resolved', 'Complaints resolved', null, 'count', 'SUM'),
  measure('complaint_resolution_seconds', 'Complaint handling time, summed', null, 'seconds', 'SUM'),
  measure('campaign_participants', 'Campaign participants', '活动参与人数', 'count', 'SUM'),
  measure('campaign_conversions', 'Campaign conversions', null, 'count', 'SUM'),
  measure('campaign_goal', 'Campaign goal', '活动目标', 'count', 'SUM'),
  measure('campaign_budget', 'Campaign budget', '预算', 'currency', 'SUM'),
  measure('campaign_spend', 'Campaign spend', '实际花费', 'currency', 'SUM'),
  measure('employee_satisfaction_points', 'Employee survey points, summed', null, 'points', 'SUM'),
  measure('employee_survey_responses', 'Employee survey responses', null, 'count', 'SUM'),
  measure('trainings_assigned', 'Trainings assigned', null, 'count', 'SUM'),
  measure('trainings_completed', 'Trainings completed', null, 'count', 'SUM'),
];
