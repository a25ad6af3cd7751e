/** Every migration in order. Listed explicitly so compiled and test builds load the same set. */
import { InitialSchema1764000000000 } from './1764000000000-initial-schema';
import { ValuesRevision1764100000000 } from './1764100000000-values-revision';
import { MeasureValuesWithoutForeignKeys1764100000001 } from './1764100000001-measure-values-without-foreign-keys';
import { TargetsRevision1764200000000 } from './1764200000000-targets-revision';

export const MIGRATIONS = [InitialSchema1764000000000, ValuesRevision1764100000000, MeasureValuesWithoutForeignKeys1764100000001, TargetsRevision1764200000000];
