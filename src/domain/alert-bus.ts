/**
 * Live fan-out of fired alerts to subscribers of this process. Which process fired an
 * alert does not matter: on PostgreSQL the transaction that stores alerts sends a
 * NOTIFY, delivered after commit to a LISTEN connection in every process; the embedded
 * PGlite database serves one process, so it dispatches in-process after commit.
 * Subscriptions are live only; webhooks are the durable channel.
 */
import { Client, type Notification } from 'pg';
import type { EntityManager } from 'typeorm';
import type { Database } from '../db/data-source';
import type { Logger } from '../logger';
import { type Alert, loadAlertsByIds } from './alerts';

const CHANNEL = 'kpi_alerts';
/** Ids per NOTIFY: well under PostgreSQL's 8000-byte payload limit. */
const IDS_PER_NOTIFY = 100;
/** Alerts held for a subscriber that does not read; beyond this the oldest are dropped. */
const MAX_QUEUED = 1000;
const RECONNECT_MS = 1000;

type Listener = (alert: Alert) => void;

export class AlertBus {
  private readonly listeners = new Map<string, Set<Listener>>();
  /** Ends every open subscription when the process stops. */
  private readonly onStop = new Set<() => void>();
  private client: Client | null = null;
  private stopped = false;
  private reconnect: NodeJS.Timeout | null = null;

  constructor(private readonly db: Database, private readonly logger: Logger) {}

  async start(): Promise<void> {
    if (this.db.kind === 'postgres') await this.listen();
  }

  /** Inside the transaction that stored the alerts: on PostgreSQL, NOTIFY goes out on commit. */
  async stored(tx: EntityManager, workspaceId: string, ids: readonly string[]): Promise<void> {
    if (this.db.kind !== 'postgres') return;
    for (let i = 0; i < ids.length; i += IDS_PER_NOTIFY) {
      await tx.query(`SELECT pg_notify($1, $2)`, [CHANNEL, JSON.stringify({ w: workspaceId, ids: ids.slice(i, i + IDS_PER_NOTIFY) })]);
    }
  }

  /** After commit: the embedded database has no other process, so dispatch here. */
  async committed(workspaceId: string, ids: readonly string[]): Promise<void> {
    if (this.db.kind === 'postgres' || ids.length === 0 || !this.listeners.has(workspaceId)) return;
    this.dispatch(await loadAlertsByIds(this.db, workspaceId, ids));
  }

  /** The alerts of one workspace as they fire, until the consumer returns. */
  subscribe(workspaceId: string): AsyncIterableIterator<Alert> {
    const queue: Alert[] = [];
    let wake: (() => void) | null = null;
    let done = false;
    const listener: Listener = (alert) => {
      if (queue.length >= MAX_QUEUED) queue.shift();
      queue.push(alert);
      wake?.();
    };
    const set = this.listeners.get(workspaceId) ?? new Set<Listener>();
    set.add(listener);
    this.listeners.set(workspaceId, set);
    const finish = () => {
      done = true;
      set.delete(listener);
      if (set.size === 0 && this.listeners.get(workspaceId) === set) this.listeners.delete(workspaceId);
      wake?.();
    };
    this.onStop.add(finish);
    const iterator: AsyncIterableIterator<Alert> = {
      next: async () => {
        while (queue.length === 0 && !done && !this.stopped) await new Promise<void>((resolve) => (wake = resolve));
        wake = null;
        if (queue.length > 0) return { value: queue.shift()!, done: false };
        return { value: undefined, done: true };
      },
      return: async () => {
        finish();
        this.onStop.delete(finish);
        return { value: undefined, done: true };
      },
      [Symbol.asyncIterator]: () => iterator,
    };
    return iterator;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.reconnect) clearTimeout(this.reconnect);
    for (const finish of this.onStop) finish();
    this.onStop.clear();
    const client = this.client;
    this.client = null;
    await client?.end().catch(() => undefined);
  }

  private dispatch(alerts: readonly Alert[]): void {
    for (const alert of alerts) for (const listener of this.listeners.get(alert.workspaceId) ?? []) listener(alert);
  }

  /** A dedicated connection outside the pool: LISTEN holds its session for the process's life. */
  private async listen(): Promise<void> {
    const url = (this.db.dataSource.options as { url?: string }).url;
    const client = new Client({ connectionString: url });
    client.on('notification', (n: Notification) => void this.received(n));
    client.on('error', (error) => {
      this.logger.warn({ err: error }, 'alert listener connection lost; reconnecting');
      if (this.client === client) this.client = null;
      client.end().catch(() => undefined);
      if (!this.stopped) this.reconnect = setTimeout(() => void this.listen().catch((e) => this.logger.error({ err: e }, 'alert listener failed')), RECONNECT_MS);
    });
    await client.connect();
    await client.query(`LISTEN ${CHANNEL}`);
    if (this.stopped) {
      await client.end();
      return;
    }
    this.client = client;
  }

  private async received(n: Notification): Promise<void> {
    try {
      const { w, ids } = JSON.parse(n.payload ?? '{}') as { w?: string; ids?: string[] };
      if (!w || !ids || !this.listeners.has(w)) return;
      this.dispatch(await loadAlertsByIds(this.db, w, ids));
    } catch (error) {
      this.logger.error({ err: error }, 'alert notification could not be dispatched');
    }
  }
}

/** The bus of the server that owns a database handle (resolvers reach it through their context's db). */
const buses = new WeakMap<Database, AlertBus>();

export function registerAlertBus(db: Database, bus: AlertBus): void {
  buses.set(db, bus);
}

export function alertBusOf(db: Database): AlertBus | undefined {
  return buses.get(db);
}
