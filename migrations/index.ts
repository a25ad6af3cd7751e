/** Every migration in order. Listed explicitly so compiled and test builds load the same set. */
import { InitialSchema1764000000000 } from './1764000000000-initial-schema';
import { ValuesRevision1764100000000 } from './1764100000000-values-revision';
import { MeasureValuesWithoutForeignKeys1764100000001 } from './1764100000001-measure-values-without-foreign-keys';
import { TargetsRevision1764200000000 } from './1764200000000-targets-revision';
import { PeriodClose1764300000000 } from './1764300000000-period-close';
import { Comments1764300000100 } from './1764300000100-comments';
import { Alerts1764300000200 } from './1764300000200-alerts';
import { RateLimitBuckets1764300000300 } from './1764300000300-rate-limit-buckets';
import { WorkspaceWriteRevision1764300000400 } from './1764300000400-workspace-write-revision';
import { GlobalKeyLookups1764300000401 } from './1764300000401-global-key-lookups';
import { MeasureValuesWindowKey1764400000000 } from './1764400000000-measure-values-window-key';

export const MIGRATIONS = [InitialSchema1764000000000, ValuesRevision1764100000000, MeasureValuesWithoutForeignKeys1764100000001, TargetsRevision1764200000000, PeriodClose1764300000000, Comments1764300000100, Alerts1764300000200, RateLimitBuckets1764300000300, WorkspaceWriteRevision1764300000400, GlobalKeyLookups1764300000401, MeasureValuesWindowKey1764400000000];
