import { GraphQLJSONObject } from 'graphql-scalars';
import { Field, InputType, createUnionType } from 'type-graphql';
import { ValuesRecorded } from './measure-value.types';
import { PROBLEM_TYPES } from './problem.types';

@InputType({ description: 'A raw CRM event; event-based measures aggregate them.' })
export class EventInput {
  @Field(() => String, { description: 'e.g. ticket.resolved, deal.won.' }) type!: string;
  @Field(() => String, { description: 'Team key.' }) team!: string;
  @Field(() => String, { description: 'ISO 8601 timestamp with Z or an offset; its date in the workspace time zone decides the period.' }) time!: string;
  @Field(() => GraphQLJSONObject, { nullable: true, description: 'Numeric attributes, e.g. {"amount": 1200}.' }) numbers?: Record<string, unknown>;
  @Field(() => GraphQLJSONObject, { nullable: true, description: 'String attributes, e.g. {"channel": "phone"}.' }) strings?: Record<string, unknown>;
  @Field(() => String, { nullable: true, description: "The source system's event id: sending it again replaces the stored event instead of adding one." }) id?: string;
}

export const RecordEventsResult = createUnionType({ name: 'RecordEventsResult', types: () => [ValuesRecorded, ...PROBLEM_TYPES] as const });
