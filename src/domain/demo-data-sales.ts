/**
 * A sales rep's months: the funnel (leads → won deals → new customers), the customer
 * book (each month starts with the previous month's active customers), orders, revenue
 * and margin, sales cycle and contacts, NPS answers and acquisition costs.
 */
import { DEMO_GAPS, type SalesProfile } from './demo-data-profiles';
import { type DemoMonth, trend } from './demo-data-calendar';
import { type Random, between, jitter } from './demo-data-random';
import { type DemoValue, rowsOf } from './demo-data-value';

export function salesRepValues(rep: string, p: SalesProfile, months: readonly DemoMonth[], random: Random): DemoValue[] {
  const rows: DemoValue[] = [];
  let book = Math.round(p.customersPerRep * jitter(random, 0.1));
  for (const m of months) {
    const noLeads = DEMO_GAPS.noLeads.team === rep && DEMO_GAPS.noLeads.month === m.key;
    const leads = noLeads ? 0 : Math.round(p.leadsPerRep * m.season * p.leadGrowth ** m.index * jitter(random, 0.1));
    const won = Math.min(leads, Math.round(leads * trend(m, p.conversion) * jitter(random, 0.08)));
    const newCustomers = Math.min(won, Math.round(won * between(random, 0.6, 0.72)));
    const referred = Math.min(newCustomers, Math.round(newCustomers * p.referralShare * jitter(random, 0.3)));
    const start = book;
    const lost = Math.min(start, Math.round(start * trend(m, p.churn) * jitter(random, 0.15)));
    const end = start + newCustomers - lost;
    const repeat = Math.min(start - lost, Math.round(start * p.repeatRate * m.season * jitter(random, 0.1)));
    const purchasing = repeat + newCustomers;
    const orders = Math.round(purchasing * between(random, 1.1, 1.4));
    const revenue = Math.round(orders * p.orderValue * 1.003 ** m.index * jitter(random, 0.06));
    const npsResponses = Math.round(between(random, 14, 24) * (start / 400));
    const promoters = Math.min(npsResponses, Math.round(npsResponses * trend(m, p.promoters) * jitter(random, 0.1)));
    const detractors = Math.min(npsResponses - promoters, Math.round(npsResponses * trend(m, p.detractors) * jitter(random, 0.15)));
    rows.push(...rowsOf(rep, m.key, {
      leads, won_deals: won, new_customers: newCustomers, referred_customers: referred,
      customers_start: start, lost_customers: lost, active_customers_end: end,
      repeat_customers: repeat, purchasing_customers: purchasing, orders, revenue,
      gross_margin: Math.round(revenue * p.marginRate * jitter(random, 0.03)),
      sales_cycle_days: Math.round(won * trend(m, p.cycleDays) * jitter(random, 0.1)),
      customer_contacts: Math.round((won * p.contactsPerDeal + leads * 0.5) * jitter(random, 0.1)),
      nps_responses: npsResponses, nps_promoters: promoters, nps_detractors: detractors,
      sales_reps: 1,
      sales_cost: Math.round(p.staffCost * 1.04 ** Math.floor(m.index / 12) * jitter(random, 0.03)),
    }));
    book = end;
  }
  return rows;
}

/** Costs booked on the sales team itself, not on a person: its share of marketing and other acquisition costs. */
export function salesTeamValues(team: string, reps: number, p: SalesProfile, months: readonly DemoMonth[], random: Random): DemoValue[] {
  return months.flatMap((m) => rowsOf(team, m.key, {
    marketing_spend: Math.round(p.marketingSpend * reps * m.season * jitter(random, 0.1)),
    other_acquisition_cost: Math.round(p.otherCost * reps * jitter(random, 0.2)),
  }));
}
