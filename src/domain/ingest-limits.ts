/**
 * Bounds on ingestion and value reads. Set once at start-up from the configuration
 * (`configureIngestLimits` in app.ts); services read them here so that the request
 * context stays about who is asking, not about server settings.
 */
export interface IngestLimits {
  /** Rows per recordMeasureValues / recordEvents call (MAX_BATCH_ROWS). */
  maxBatchRows: number;
  /** Rows per multi-row INSERT inside one batch's transaction. */
  writeChunkRows: number;
  /** Bad CSV lines listed in an import report (the total is always counted). */
  maxReportedErrors: number;
  /** measures × teams × periods per measureValues read. */
  maxReadCells: number;
}

export const ingestLimits: IngestLimits = {
  maxBatchRows: 50_000,
  writeChunkRows: 5_000,
  maxReportedErrors: 100,
  maxReadCells: 500_000,
};

export function configureIngestLimits(limits: Partial<IngestLimits>): void {
  Object.assign(ingestLimits, Object.fromEntries(Object.entries(limits).filter(([, v]) => v !== undefined)));
}
