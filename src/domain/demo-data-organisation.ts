/**
 * The demo organisation (CATALOG.md, "Demo organisation"): company → sales (east, west,
 * north), service (hotline, online), marketing; every leaf team has two or three people,
 * and values are recorded per person (some per leaf team), so every team above is a roll-up.
 */
export type DemoTeamKind = 'sales' | 'service' | 'marketing';

export interface DemoTeam {
  readonly key: string;
  readonly name: string;
  readonly parent: string | null;
}

export interface DemoLeafTeam extends DemoTeam {
  readonly kind: DemoTeamKind;
  /** The people of the team, each a team of its own (`sales-east-li-wei`). */
  readonly people: readonly DemoTeam[];
}

function leaf(key: string, name: string, parent: string, kind: DemoTeamKind, people: ReadonlyArray<[slug: string, name: string]>): DemoLeafTeam {
  return { key, name, parent, kind, people: people.map(([slug, person]) => ({ key: `${key}-${slug}`, name: person, parent: key })) };
}

export const DEMO_DEPARTMENTS: readonly DemoTeam[] = [
  { key: 'company', name: 'Demo Company 演示公司', parent: null },
  { key: 'sales', name: 'Sales 销售部', parent: 'company' },
  { key: 'service', name: 'Customer service 客服部', parent: 'company' },
];

export const DEMO_LEAF_TEAMS: readonly DemoLeafTeam[] = [
  leaf('sales-east', 'Sales East 华东销售', 'sales', 'sales', [['li-wei', 'Li Wei 李伟'], ['wang-fang', 'Wang Fang 王芳'], ['zhang-min', 'Zhang Min 张敏']]),
  leaf('sales-west', 'Sales West 西部销售', 'sales', 'sales', [['liu-yang', 'Liu Yang 刘洋'], ['chen-jing', 'Chen Jing 陈静']]),
  leaf('sales-north', 'Sales North 华北销售', 'sales', 'sales', [['zhao-lei', 'Zhao Lei 赵磊'], ['sun-li', 'Sun Li 孙丽'], ['zhou-tao', 'Zhou Tao 周涛']]),
  leaf('service-hotline', 'Service Hotline 热线服务', 'service', 'service', [['wu-hua', 'Wu Hua 吴华'], ['xu-na', 'Xu Na 徐娜']]),
  leaf('service-online', 'Online Service 在线客服', 'service', 'service', [['hu-jun', 'Hu Jun 胡军'], ['guo-mei', 'Guo Mei 郭梅'], ['he-xin', 'He Xin 何欣']]),
  leaf('marketing', 'Marketing 市场部', 'company', 'marketing', [['lin-yu', 'Lin Yu 林宇'], ['ma-chao', 'Ma Chao 马超']]),
];

/** Every team, parents before children: the order they are created in. */
export const DEMO_TEAMS: readonly DemoTeam[] = [
  ...DEMO_DEPARTMENTS,
  ...DEMO_LEAF_TEAMS.map(({ key, name, parent }) => ({ key, name, parent })),
  ...DEMO_LEAF_TEAMS.flatMap((t) => t.people),
];
