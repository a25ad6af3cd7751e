/** Configuration: defaults, and a clear error naming the variable for every bad value. */
import { ConfigError, loadConfig } from '../src/config';

test('defaults serve the embedded database on port 4000 from ./data', () => {
  const c = loadConfig({});
  expect(c.port).toBe(4000);
  expect(c.databaseUrl).toBeUndefined();
  expect(c.dataDir.endsWith('/data')).toBe(true);
  expect(c.logLevel).toBe('info');
  // start:cluster: 0 means one worker per core.
  expect(c.webConcurrency).toBe(0);
});

test('DATABASE_URL selects PostgreSQL and DATA_DIR moves the embedded data', () => {
  expect(loadConfig({ DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/test' }).databaseUrl).toBe('postgres://postgres@127.0.0.1:5432/test');
  expect(loadConfig({ DATA_DIR: '/tmp/kpi' }).dataDir).toBe('/tmp/kpi');
});

test.each([
  ['PORT', '70000', /PORT: expected a whole number from 0 to 65535/],
  ['PORT', 'eighty', /PORT: expected a whole number/],
  ['LOG_LEVEL', 'loud', /LOG_LEVEL: expected one of fatal, error, warn, info, debug, trace, silent/],
  ['DATABASE_URL', 'mysql://x@y/z', /DATABASE_URL: expected the postgres:\/\/ scheme/],
  ['DATABASE_URL', 'not a url', /DATABASE_URL: expected a URL/],
  ['NODE_ENV', 'staging', /NODE_ENV: expected development, production or test/],
  ['SEED_DEMO', 'maybe', /SEED_DEMO: expected true or false/],
  ['WEB_CONCURRENCY', 'many', /WEB_CONCURRENCY: expected a whole number from 0 to 256/],
])('%s=%s is refused with a message naming the variable', (name, value, message) => {
  expect(() => loadConfig({ [name]: value })).toThrow(ConfigError);
  expect(() => loadConfig({ [name]: value })).toThrow(message);
});

test('DATABASE_READ_URLS lists read replicas of the PostgreSQL primary, in order', () => {
  const primary = 'postgres://postgres@127.0.0.1:5432/kpi';
  expect(loadConfig({ DATABASE_URL: primary }).databaseReadUrls).toEqual([]);
  expect(loadConfig({ DATABASE_URL: primary, DATABASE_READ_URLS: ' postgres://r1:5433/kpi , postgresql://r2:5434/kpi ' }).databaseReadUrls)
    .toEqual(['postgres://r1:5433/kpi', 'postgresql://r2:5434/kpi']);
});

test.each([
  [{ DATABASE_READ_URLS: 'postgres://r1:5433/kpi' }, /DATABASE_READ_URLS: needs DATABASE_URL/],
  [{ DATABASE_URL: 'postgres://p/kpi', DATABASE_READ_URLS: 'postgres://r1/kpi,mysql://r2/kpi' }, /DATABASE_READ_URLS \(entry 2\): expected the postgres:\/\/ scheme/],
  [{ DATABASE_URL: 'postgres://p/kpi', DATABASE_READ_URLS: 'postgres://r1/kpi,,postgres://r2/kpi' }, /DATABASE_READ_URLS: entry 2 is empty/],
  [{ DATABASE_URL: 'postgres://p/kpi', DATABASE_READ_URLS: 'not a url' }, /DATABASE_READ_URLS \(entry 1\): expected a URL/],
])('DATABASE_READ_URLS %j is refused with the entry it is about', (env, message) => {
  expect(() => loadConfig(env)).toThrow(ConfigError);
  expect(() => loadConfig(env)).toThrow(message);
});
