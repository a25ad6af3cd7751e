/**
 * The background loop of every API process: evaluates queued alert jobs, then sends due
 * webhook deliveries, then sleeps a short poll interval. All coordination lives in the
 * database (SKIP LOCKED claims), so any number of processes may run it. `stop()` ends
 * the loop, aborts webhook calls in flight (their claims are released for a retry) and
 * resolves once the current round is over, before the database closes.
 */
import type { Database } from '../db/data-source';
import type { Logger } from '../logger';
import type { AlertBus } from './alert-bus';
import { evaluateAlertJob } from './alert-evaluation';
import { claimAlertJob, completeAlertJob, failAlertJob } from './alert-jobs';
import { attemptDelivery, claimDeliveries } from './webhook-delivery';
import { queueWebhookDeliveries } from './webhooks';

const POLL_MS = 500;
/** Jobs per round, so deliveries are not starved by a long import's queue. */
const JOBS_PER_ROUND = 20;

export class AlertWorker {
  private stopped = false;
  private timer: NodeJS.Timeout | null = null;
  private round: Promise<void> = Promise.resolve();
  private readonly abort = new AbortController();

  constructor(private readonly db: Database, private readonly bus: AlertBus, private readonly logger: Logger) {}

  start(): void {
    this.schedule(0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.abort.abort();
    await this.round;
  }

  private schedule(ms: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.round = this.runRound().catch((error) => {
        if (!this.stopped) this.logger.error({ err: error }, 'alert worker round failed');
      }).finally(() => this.schedule(POLL_MS));
    }, ms);
    this.timer.unref();
  }

  private async runRound(): Promise<void> {
    for (let i = 0; i < JOBS_PER_ROUND && !this.stopped; i++) {
      const job = await claimAlertJob(this.db);
      if (!job) break;
      try {
        const fired = await evaluateAlertJob(this.db, job, async (tx, workspaceId, ids) => {
          await queueWebhookDeliveries(tx, workspaceId, ids);
          await this.bus.stored(tx, workspaceId, ids);
        });
        await completeAlertJob(this.db, job);
        if (fired.length > 0) {
          this.logger.info({ workspace: job.workspaceId, alerts: fired.length }, 'alerts fired');
          await this.bus.committed(job.workspaceId, fired.map((a) => a.id));
        }
      } catch (error) {
        this.logger.error({ err: error, job: job.id }, 'alert evaluation failed; it will be retried');
        await failAlertJob(this.db, job, (error as Error).message ?? String(error));
      }
    }
    if (this.stopped) return;
    const deliveries = await claimDeliveries(this.db);
    await Promise.all(deliveries.map((d) => attemptDelivery(this.db, d, this.abort.signal).catch((error) => {
      this.logger.error({ err: error, delivery: d.id }, 'webhook delivery could not be recorded');
    })));
  }
}
