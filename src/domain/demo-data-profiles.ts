/**
 * How each demo team behaves. Trends run from the first demo month to the last:
 * `sales-east` does well and improves, `sales-north` is the team that is off track
 * (conversion falling, churn rising, unhappy customers), `service-online` is slow to
 * answer in busy months. Rates are per month unless said otherwise.
 */
export type Trend = readonly [from: number, to: number];

export interface SalesProfile {
  readonly leadsPerRep: number;
  /** Monthly growth factor of the lead flow. */
  readonly leadGrowth: number;
  /** Won deals per lead. */
  readonly conversion: Trend;
  /** Share of the customer book lost per month. */
  readonly churn: Trend;
  readonly customersPerRep: number;
  /** Share of the book that buys again in an ordinary month. */
  readonly repeatRate: number;
  readonly orderValue: number;
  readonly marginRate: number;
  /** Days from first contact to close, per won deal. */
  readonly cycleDays: Trend;
  readonly contactsPerDeal: number;
  /** Share of new customers who came through a referral. */
  readonly referralShare: number;
  /** Shares of NPS responses. */
  readonly promoters: Trend;
  readonly detractors: Trend;
  /** Acquisition costs per rep and month, in yuan. */
  readonly staffCost: number;
  readonly marketingSpend: number;
  readonly otherCost: number;
}

export const SALES_PROFILES: Readonly<Record<string, SalesProfile>> = {
  'sales-east': {
    leadsPerRep: 72, leadGrowth: 1.007, conversion: [0.25, 0.29], churn: [0.012, 0.009], customersPerRep: 420, repeatRate: 0.05,
    orderValue: 2600, marginRate: 0.41, cycleDays: [30, 26], contactsPerDeal: 6.5, referralShare: 0.22, promoters: [0.5, 0.56], detractors: [0.15, 0.12],
    staffCost: 5000, marketingSpend: 2500, otherCost: 800,
  },
  'sales-west': {
    leadsPerRep: 66, leadGrowth: 1.005, conversion: [0.21, 0.22], churn: [0.015, 0.014], customersPerRep: 380, repeatRate: 0.045,
    orderValue: 2400, marginRate: 0.38, cycleDays: [33, 32], contactsPerDeal: 7.5, referralShare: 0.15, promoters: [0.46, 0.47], detractors: [0.17, 0.16],
    staffCost: 5000, marketingSpend: 2500, otherCost: 800,
  },
  'sales-north': {
    leadsPerRep: 62, leadGrowth: 1.0, conversion: [0.18, 0.11], churn: [0.017, 0.04], customersPerRep: 400, repeatRate: 0.04,
    orderValue: 2250, marginRate: 0.35, cycleDays: [36, 45], contactsPerDeal: 9.5, referralShare: 0.1, promoters: [0.42, 0.3], detractors: [0.2, 0.3],
    staffCost: 5000, marketingSpend: 2500, otherCost: 800,
  },
};

export interface ServiceProfile {
  readonly ticketsPerAgent: number;
  /** Share of tickets resolved. */
  readonly resolved: Trend;
  /** Share of resolved tickets resolved at the first contact. */
  readonly firstContact: number;
  /** Average hours to first response in an ordinary month; busy months are slower. */
  readonly responseHours: Trend;
  readonly interactionsPerTicket: number;
  readonly complaintsPerTicket: number;
  readonly complaintHours: number;
  /** Share of resolved tickets that answer the CSAT survey, and of those the satisfied share. */
  readonly csatResponse: number;
  readonly satisfied: Trend;
}

export const SERVICE_PROFILES: Readonly<Record<string, ServiceProfile>> = {
  'service-hotline': {
    ticketsPerAgent: 330, resolved: [0.94, 0.96], firstContact: 0.8, responseHours: [1.6, 1.3], interactionsPerTicket: 1.7,
    complaintsPerTicket: 0.011, complaintHours: 34, csatResponse: 0.3, satisfied: [0.88, 0.91],
  },
  'service-online': {
    ticketsPerAgent: 270, resolved: [0.89, 0.9], firstContact: 0.68, responseHours: [3.1, 3.5], interactionsPerTicket: 2.4,
    complaintsPerTicket: 0.017, complaintHours: 52, csatResponse: 0.25, satisfied: [0.85, 0.83],
  },
};

export interface MarketingProfile {
  /** Participants per marketer's campaigns in an ordinary month. */
  readonly participants: number;
  readonly conversion: number;
  /** Conversions planned per participant planned: the campaign goal. */
  readonly goalRate: number;
  /** Budget per marketer and month, in yuan. */
  readonly budget: number;
}

export const MARKETING_PROFILE: MarketingProfile = { participants: 1200, conversion: 0.048, goalRate: 0.047, budget: 30000 };

export interface EmployeeProfile {
  /** Mean answer of the quarterly survey, 1–5. */
  readonly satisfaction: Trend;
  /** Chance that a person leaves one of the month's trainings unfinished. */
  readonly trainingMiss: Trend;
}

export const EMPLOYEE_PROFILES: Readonly<Record<string, EmployeeProfile>> = {
  'sales-east': { satisfaction: [4.2, 4.4], trainingMiss: [0.05, 0.03] },
  'sales-west': { satisfaction: [3.9, 4.0], trainingMiss: [0.1, 0.1] },
  'sales-north': { satisfaction: [3.8, 3.2], trainingMiss: [0.15, 0.3] },
  'service-hotline': { satisfaction: [4.1, 4.2], trainingMiss: [0.05, 0.05] },
  'service-online': { satisfaction: [3.8, 3.7], trainingMiss: [0.1, 0.12] },
  marketing: { satisfaction: [4.0, 4.1], trainingMiss: [0.08, 0.06] },
};

/** Where the demo shows the edge cases: a rep with no leads (DIV_BY_ZERO) and months without a campaign (blank). */
export const DEMO_GAPS = {
  noLeads: { team: 'sales-north-zhou-tao', month: '2025-02' },
  /** No campaign anywhere during the Spring Festival, and one marketer on leave in August 2024. */
  noCampaign: [{ month: '2024-02' }, { month: '2025-01' }, { month: '2024-08', team: 'marketing-ma-chao' }],
} as const;
