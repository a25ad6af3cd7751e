import { Arg, Ctx, Mutation, Resolver } from 'type-graphql';
import { recordEvents } from '../domain/events';
import { type GraphQLContext, asResult, serviceOf } from './context';
import { EventInput, RecordEventsResult } from './event.types';
import { toValuesRecorded } from './measure-value.types';
import { ADJUSTMENT_ARGUMENT, AdjustmentInput } from './period-close.types';

@Resolver()
export class EventResolver {
  @Mutation(() => RecordEventsResult, { description: 'INGEST: records up to MAX_BATCH_ROWS events at once, all or nothing; every bad event is reported by index.' })
  recordEvents(
    @Ctx() ctx: GraphQLContext,
    @Arg('events', () => [EventInput]) events: EventInput[],
    @Arg('adjustment', () => AdjustmentInput, { nullable: true, description: ADJUSTMENT_ARGUMENT }) adjustment?: AdjustmentInput,
  ): Promise<typeof RecordEventsResult> {
    return asResult(async () => toValuesRecorded(await recordEvents(serviceOf(ctx), events, adjustment)));
  }
}
