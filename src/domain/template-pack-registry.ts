/** The template packs this service ships, by key. */
import { requirePermission, type ServiceContext } from './context';
import { CRM_STARTER_PACK } from './crm-starter';
import { Problem } from './problem';
import type { TemplatePack } from './template-pack';

export const TEMPLATE_PACKS: readonly TemplatePack[] = [CRM_STARTER_PACK];

export function listTemplatePacks(ctx: ServiceContext): readonly TemplatePack[] {
  requirePermission(ctx, 'read');
  return TEMPLATE_PACKS;
}

/** The pack, or NOT_FOUND naming the packs there are. */
export function findTemplatePack(key: string): TemplatePack {
  const pack = TEMPLATE_PACKS.find((p) => p.key === key);
  if (!pack) {
    const available = TEMPLATE_PACKS.map((p) => `"${p.key}"`).join(', ');
    throw new Problem('NOT_FOUND', `No template pack "${key.slice(0, 80)}"; available: ${available}.`, { field: 'pack', key: key.slice(0, 80) });
  }
  return pack;
}
