/**
 * A service agent's months: tickets and their resolution, response times (slower when
 * busy), support interactions, complaints and their handling, and CSAT answers.
 */
import { type DemoMonth, trend } from './demo-data-calendar';
import type { ServiceProfile } from './demo-data-profiles';
import { type Random, jitter } from './demo-data-random';
import { type DemoValue, rowsOf } from './demo-data-value';

const HOUR = 3600;

export function serviceAgentValues(agent: string, p: ServiceProfile, months: readonly DemoMonth[], random: Random): DemoValue[] {
  return months.flatMap((m) => {
    const tickets = Math.round(p.ticketsPerAgent * m.season * 1.006 ** m.index * jitter(random, 0.08));
    const resolved = Math.min(tickets, Math.round(tickets * trend(m, p.resolved) * jitter(random, 0.015)));
    const firstContact = Math.min(resolved, Math.round(resolved * p.firstContact * jitter(random, 0.04)));
    // A busy month queues requests: response time grows faster than the load.
    const responseHours = trend(m, p.responseHours) * m.season ** 1.5 * jitter(random, 0.1);
    const complaints = Math.round(tickets * p.complaintsPerTicket * jitter(random, 0.25));
    const complaintsResolved = complaints > 0 && random() < 0.2 ? complaints - 1 : complaints;
    const csatResponses = Math.round(resolved * p.csatResponse * jitter(random, 0.1));
    return rowsOf(agent, m.key, {
      tickets, tickets_resolved: resolved, first_contact_resolved: firstContact,
      first_response_seconds: Math.round(tickets * responseHours * HOUR),
      support_interactions: Math.round(tickets * p.interactionsPerTicket * jitter(random, 0.08)),
      complaints, complaints_resolved: complaintsResolved,
      complaint_resolution_seconds: Math.round(complaintsResolved * p.complaintHours * jitter(random, 0.2) * HOUR),
      csat_responses: csatResponses,
      csat_satisfied: Math.min(csatResponses, Math.round(csatResponses * trend(m, p.satisfied) * jitter(random, 0.03))),
    });
  });
}
