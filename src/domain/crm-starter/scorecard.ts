/**
 * The starter scorecard, "Quarterly customer-management review" (CATALOG.md): four
 * perspectives after [001], weighted as [003] asks; RATIO scoring, cap 1.2, and items
 * without data left out (EXCLUDE) so a team is judged on the KPIs it has data for.
 */
import type { PackScorecard } from '../template-pack';

export const CRM_QUARTERLY_REVIEW: PackScorecard = {
  key: 'crm-quarterly-review',
  name: { en: 'Quarterly customer-management review', zh: '客户管理季度考核' },
  description: 'Four perspectives: customer satisfaction, service efficiency, market expansion, employee performance. Status bands are the workspace defaults.',
  missingData: 'EXCLUDE',
  cap: 1.2,
  statusBands: null,
  sections: [
    {
      key: 'customer-satisfaction', name: 'Customer satisfaction', weight: 35,
      items: [
        { kpi: 'csat', weight: 3, method: 'RATIO' },
        { kpi: 'nps', weight: 3, method: 'RATIO' },
        { kpi: 'retention_rate', weight: 2, method: 'RATIO' },
        { kpi: 'churn_rate', weight: 2, method: 'RATIO' },
        { kpi: 'complaint_rate', weight: 1, method: 'RATIO' },
      ],
    },
    {
      key: 'service-efficiency', name: 'Service efficiency', weight: 25,
      items: [
        { kpi: 'first_response_time', weight: 2, method: 'RATIO' },
        { kpi: 'resolution_rate', weight: 2, method: 'RATIO' },
        { kpi: 'first_contact_resolution', weight: 1, method: 'RATIO' },
        { kpi: 'complaint_handling_hours', weight: 1, method: 'RATIO' },
      ],
    },
    {
      key: 'market-expansion', name: 'Market expansion', weight: 25,
      items: [
        { kpi: 'sales_growth', weight: 3, method: 'RATIO' },
        { kpi: 'conversion_rate', weight: 2, method: 'RATIO' },
        { kpi: 'cac', weight: 2, method: 'RATIO' },
        { kpi: 'campaign_goal_attainment', weight: 1, method: 'RATIO' },
      ],
    },
    {
      key: 'employee-performance', name: 'Employee performance', weight: 15,
      items: [
        { kpi: 'revenue_per_rep', weight: 2, method: 'RATIO' },
        { kpi: 'training_completion', weight: 1, method: 'RATIO' },
        { kpi: 'employee_satisfaction', weight: 1, method: 'RATIO' },
      ],
    },
  ],
};
