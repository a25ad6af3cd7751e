/**
 * What every person records besides their team's own measures: campaigns for marketers
 * (none in some months: blank, not zero) and, for everyone, the quarterly employee survey
 * and the month's trainings.
 */
import { type DemoMonth, trend } from './demo-data-calendar';
import { DEMO_GAPS, type EmployeeProfile, type MarketingProfile } from './demo-data-profiles';
import { type Random, between, jitter, wholeBetween } from './demo-data-random';
import { type DemoValue, rowsOf } from './demo-data-value';

const noCampaign = (person: string, month: string): boolean =>
  DEMO_GAPS.noCampaign.some((gap) => gap.month === month && (!('team' in gap) || gap.team === person));

export function marketerValues(person: string, p: MarketingProfile, months: readonly DemoMonth[], random: Random): DemoValue[] {
  return months.filter((m) => !noCampaign(person, m.key)).flatMap((m) => {
    const planned = p.participants * m.season * 1.01 ** m.index;
    const participants = Math.round(planned * jitter(random, 0.15));
    const budget = Math.round((p.budget * m.season * 1.01 ** m.index) / 1000) * 1000;
    return rowsOf(person, m.key, {
      campaign_participants: participants,
      campaign_conversions: Math.min(participants, Math.round(participants * p.conversion * jitter(random, 0.15))),
      campaign_goal: Math.round(planned * p.goalRate),
      campaign_budget: budget,
      campaign_spend: Math.round(budget * between(random, 0.86, 1.1)),
    });
  });
}

export function employeeValues(person: string, p: EmployeeProfile, months: readonly DemoMonth[], random: Random): DemoValue[] {
  return months.flatMap((m) => {
    const assigned = wholeBetween(random, 1, 3);
    const completed = random() < trend(m, p.trainingMiss) ? assigned - 1 : assigned;
    const training = { trainings_assigned: assigned, trainings_completed: completed };
    if (m.month % 3 !== 0) return rowsOf(person, m.key, training);
    // The survey runs in the last month of each quarter: one answer per person, 1–5.
    const points = Math.min(5, Math.max(1, Math.round(trend(m, p.satisfaction) + (random() * 2 - 1) * 0.8)));
    return rowsOf(person, m.key, { ...training, employee_survey_responses: 1, employee_satisfaction_points: points });
  });
}
