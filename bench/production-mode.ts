/**
 * Imported first by benchmarks: run libraries as in production (graphql-js skips its
 * development-only checks when NODE_ENV is production at load time).
 */
process.env.NODE_ENV ??= 'production';
