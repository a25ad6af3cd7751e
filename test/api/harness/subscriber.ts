/** A graphql-ws client for tests: collects what a subscription receives, and how it ended. */
import { type Client, createClient } from 'graphql-ws/client';
import WebSocket from 'ws';

export interface Subscriber {
  readonly received: any[];
  /** Set when the server closed or refused the connection, or the subscription failed. */
  failure: { code?: number; reason?: string; errors?: unknown } | null;
  close(): Promise<void>;
}

export async function subscribe(httpUrl: string, token: string, query: string, variables: Record<string, unknown> = {}): Promise<Subscriber> {
  const client: Client = createClient({
    url: `${httpUrl.replace(/^http/, 'ws')}/graphql`,
    webSocketImpl: WebSocket,
    connectionParams: { authorization: `Bearer ${token}` },
    retryAttempts: 0,
    lazy: false,
    onNonLazyError: () => undefined,
  });
  const subscriber: Subscriber = {
    received: [],
    failure: null,
    async close() {
      await client.dispose();
    },
  };
  // Resolves once the server acknowledged the connection, or refused it.
  await new Promise<void>((resolve) => {
    const offConnected = client.on('connected', () => resolve());
    const offClosed = client.on('closed', (event) => {
      const e = event as { code?: number; reason?: string };
      subscriber.failure ??= { code: e.code, reason: e.reason };
      resolve();
    });
    void offConnected;
    void offClosed;
  });
  client.subscribe({ query, variables }, {
    next: (result) => (result.errors ? (subscriber.failure = { errors: result.errors }) : subscriber.received.push(result.data)),
    error: (error) => {
      const e = error as { code?: number; reason?: string };
      subscriber.failure ??= Array.isArray(error) ? { errors: error } : { code: e.code, reason: e.reason };
    },
    complete: () => undefined,
  });
  return subscriber;
}
