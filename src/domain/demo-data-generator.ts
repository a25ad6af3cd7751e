/**
 * The demo's measure values: pure and deterministic (a seeded random stream per person
 * and subject), so the tests can recompute any number from the same rows. Sales
 * measures on the sales teams, service measures on the service teams, campaigns on
 * marketing, the employee survey and trainings on everyone.
 */
import { DEMO_MONTHS, DEMO_SEED, type DemoMonth } from './demo-data-calendar';
import { DEMO_LEAF_TEAMS, type DemoLeafTeam } from './demo-data-organisation';
import { EMPLOYEE_PROFILES, MARKETING_PROFILE, SALES_PROFILES, SERVICE_PROFILES } from './demo-data-profiles';
import { employeeValues, marketerValues } from './demo-data-people';
import { seededRandom } from './demo-data-random';
import { salesRepValues, salesTeamValues } from './demo-data-sales';
import { serviceAgentValues } from './demo-data-service';
import type { DemoValue } from './demo-data-value';

export type { DemoValue } from './demo-data-value';

const stream = (name: string, subject: string) => seededRandom(`${DEMO_SEED}:${name}:${subject}`);

function teamValues(team: DemoLeafTeam, months: readonly DemoMonth[]): DemoValue[] {
  const rows: DemoValue[] = [];
  if (team.kind === 'sales') rows.push(...salesTeamValues(team.key, team.people.length, SALES_PROFILES[team.key], months, stream(team.key, 'costs')));
  for (const person of team.people) {
    if (team.kind === 'sales') rows.push(...salesRepValues(person.key, SALES_PROFILES[team.key], months, stream(person.key, 'sales')));
    if (team.kind === 'service') rows.push(...serviceAgentValues(person.key, SERVICE_PROFILES[team.key], months, stream(person.key, 'service')));
    if (team.kind === 'marketing') rows.push(...marketerValues(person.key, MARKETING_PROFILE, months, stream(person.key, 'campaigns')));
    rows.push(...employeeValues(person.key, EMPLOYEE_PROFILES[team.key], months, stream(person.key, 'employee')));
  }
  return rows;
}

/** Every value of the demo, 2024-01 … 2025-12. */
export function generateDemoValues(months: readonly DemoMonth[] = DEMO_MONTHS): DemoValue[] {
  return DEMO_LEAF_TEAMS.flatMap((team) => teamValues(team, months));
}
