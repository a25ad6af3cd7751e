/** Every migration in order. Listed explicitly so compiled and test builds load the same set. */
import { InitialSchema1764000000000 } from './1764000000000-initial-schema';

export const MIGRATIONS = [InitialSchema1764000000000];
