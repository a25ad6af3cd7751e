/**
 * A temporary file of validated measure values, 24 bytes each, written while a CSV file
 * is checked and read back in chunks to write them. The text is parsed and validated
 * once; the file, not memory, holds the rows between the two steps.
 */
import { randomUUID } from 'node:crypto';
import { type WriteStream, createWriteStream } from 'node:fs';
import { open, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Dictionary, type ValueColumns } from '../db/measure-value-writer';
import type { ResolvedValue } from './value-rows';

const RECORD_BYTES = 24; // measure, team, period start, anchor: int32 each; value: float64
const BUFFER_RECORDS = 8192;

export class ValueSpool {
  readonly measureIds = new Dictionary();
  readonly teamIds = new Dictionary();
  count = 0;
  private readonly file = path.join(tmpdir(), `kpi-values-${randomUUID()}.bin`);
  private out: WriteStream | null = createWriteStream(this.file);
  private buffer = Buffer.allocUnsafe(RECORD_BYTES * BUFFER_RECORDS);
  private used = 0;
  /** A failed write (a full disk) surfaces at the next append or at finish. */
  private failure: Error | null = null;

  constructor() {
    this.out!.on('error', (error) => { this.failure = error; });
  }

  async append(v: ResolvedValue): Promise<void> {
    const at = this.used * RECORD_BYTES;
    this.buffer.writeInt32LE(this.measureIds.indexOf(v.measureId), at);
    this.buffer.writeInt32LE(this.teamIds.indexOf(v.teamId), at + 4);
    this.buffer.writeInt32LE(v.periodStartDay, at + 8);
    this.buffer.writeInt32LE(v.anchorDay, at + 12);
    this.buffer.writeDoubleLE(v.value, at + 16);
    this.count++;
    if (++this.used === BUFFER_RECORDS) await this.flush();
  }

  private async flush(): Promise<void> {
    if (this.failure) throw this.failure;
    if (this.used === 0 || !this.out) return;
    const full = this.buffer.subarray(0, this.used * RECORD_BYTES);
    this.buffer = Buffer.allocUnsafe(RECORD_BYTES * BUFFER_RECORDS);
    this.used = 0;
    const out = this.out;
    if (!out.write(full)) {
      await new Promise<void>((resolve) => {
        const done = () => {
          out.off('drain', done);
          out.off('error', done);
          resolve();
        };
        out.on('drain', done);
        out.on('error', done);
      });
      if (this.failure) throw this.failure;
    }
  }

  async finish(): Promise<void> {
    await this.flush();
    const out = this.out;
    this.out = null;
    if (out) await new Promise<void>((resolve, reject) => out.end((error?: Error | null) => (error ? reject(error) : resolve())));
  }

  /** The values in the order appended, `size` at a time, as columns for the writer. */
  async *chunks(size: number): AsyncGenerator<ValueColumns> {
    const handle = await open(this.file, 'r');
    try {
      const bytes = Buffer.allocUnsafe(size * RECORD_BYTES);
      for (;;) {
        const { bytesRead } = await handle.read(bytes, 0, bytes.length, null);
        const n = Math.floor(bytesRead / RECORD_BYTES);
        if (n === 0) return;
        const c = {
          measureIds: this.measureIds.values, teamIds: this.teamIds.values, measure: new Int32Array(n), team: new Int32Array(n),
          periodStart: new Int32Array(n), anchor: new Int32Array(n), value: new Float64Array(n),
        };
        for (let i = 0; i < n; i++) {
          const at = i * RECORD_BYTES;
          c.measure[i] = bytes.readInt32LE(at);
          c.team[i] = bytes.readInt32LE(at + 4);
          c.periodStart[i] = bytes.readInt32LE(at + 8);
          c.anchor[i] = bytes.readInt32LE(at + 12);
          c.value[i] = bytes.readDoubleLE(at + 16);
        }
        yield c;
      }
    } finally {
      await handle.close();
    }
  }

  async discard(): Promise<void> {
    this.out?.destroy();
    this.out = null;
    await rm(this.file, { force: true });
  }
}
