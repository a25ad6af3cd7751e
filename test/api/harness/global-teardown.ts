import type { RunningServer } from '../../../src/server';

export default async function globalTeardown(): Promise<void> {
  await (globalThis as { __kpiServer?: RunningServer }).__kpiServer?.stop();
}
