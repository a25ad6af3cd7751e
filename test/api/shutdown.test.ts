/** Graceful shutdown: requests already received finish; then the database closes. */
import { uniqueKey } from './harness/client';
import { startOwnServer, workspaceOn } from './harness/own-server';

test('stop() lets in-flight requests complete with answers, then closes the database', async () => {
  const server = await startOwnServer({});
  const token = await workspaceOn(server, uniqueKey('stop'));
  const ask = () =>
    fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: 'mutation($k: String!) { createTeam(input: { key: $k, name: "t" }) { __typename } }', variables: { k: uniqueKey('t') } }),
    }).then(async (r) => ({ status: r.status, body: (await r.json()) as any }));
  let received = 0;
  const allReceived = new Promise<void>((resolve) => server.httpServer.on('request', () => ++received === 20 && resolve()));
  const inFlight = Array.from({ length: 20 }, ask);
  // Shut down once every request has reached the server but (most) have not been answered.
  await allReceived;
  const stopped = server.stop();
  const answers = await Promise.all(inFlight);
  await stopped;
  for (const a of answers) {
    expect(a.status).toBe(200);
    expect(a.body.data.createTeam.__typename).toBe('TeamPayload');
  }
  await expect(server.db.dataSource.query('SELECT 1')).rejects.toThrow();
});
