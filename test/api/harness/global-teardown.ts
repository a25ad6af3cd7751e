import type { RunningServer } from '../../../src/server';
import type { ProcessGroup } from './round-robin';

export default async function globalTeardown(): Promise<void> {
  const state = globalThis as { __kpiServer?: RunningServer; __kpiProcesses?: ProcessGroup };
  await state.__kpiServer?.stop();
  await state.__kpiProcesses?.stop();
}
