/** The CRM starter pack: the content of CATALOG.md as typed data. */
import type { TemplatePack } from '../template-pack';
import { CRM_KPIS } from './kpis';
import { CRM_MEASURES } from './measures';
import { CRM_QUARTERLY_REVIEW } from './scorecard';

export { CRM_KPIS } from './kpis';
export { CRM_MEASURES, PACK_CURRENCY } from './measures';
export { CRM_QUARTERLY_REVIEW } from './scorecard';

export const CRM_STARTER_PACK: TemplatePack = {
  key: 'crm-starter',
  name: 'CRM starter pack',
  description: 'Measures, KPIs and the quarterly customer-management review (客户管理季度考核) for customer satisfaction, service efficiency, market expansion and employee performance.',
  measures: CRM_MEASURES,
  kpis: CRM_KPIS,
  scorecards: [CRM_QUARTERLY_REVIEW],
};
