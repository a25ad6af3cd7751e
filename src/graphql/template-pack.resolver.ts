import { Arg, Ctx, Mutation, Query, Resolver } from 'type-graphql';
import { installTemplatePack } from '../domain/template-pack-install';
import { listTemplatePacks } from '../domain/template-pack-registry';
import { type GraphQLContext, asResult, orError, serviceOf } from './context';
import { InstallTemplatePackResult, TemplatePackType, toTemplatePackInstalled, toTemplatePackType } from './template-pack.types';

@Resolver()
export class TemplatePackResolver {
  @Query(() => [TemplatePackType], { description: 'The template packs installTemplatePack can add, with what each holds.' })
  templatePacks(@Ctx() ctx: GraphQLContext): Promise<TemplatePackType[]> {
    return orError(async () => listTemplatePacks(serviceOf(ctx)).map(toTemplatePackType));
  }

  @Mutation(() => InstallTemplatePackResult, {
    description: 'EDITOR: adds a template pack\'s measures, KPIs and scorecards in one transaction. Idempotent: what exists as the pack defines it is unchanged; a key that exists with another definition is never overwritten but listed in `conflicts`. An unknown pack is NOT_FOUND, naming the packs there are.',
  })
  installTemplatePack(@Ctx() ctx: GraphQLContext, @Arg('pack', () => String, { description: 'Pack key, e.g. "crm-starter" (see templatePacks).' }) pack: string): Promise<typeof InstallTemplatePackResult> {
    return asResult(async () => toTemplatePackInstalled(await installTemplatePack(serviceOf(ctx), pack)));
  }
}
