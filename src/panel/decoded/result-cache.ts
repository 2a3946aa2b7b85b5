/**
 * The decode cache's store: per message id, a Decoded or the reason it did
 * not decode, capped by count and by estimated bytes (decoded-size.ts), the
 * oldest inserted evicted first. The entry just stored always stays, even
 * when it alone is over the byte cap: the view asking for it needs it now.
 */
import type { Decoded } from '../../decoders/types';
import { estimateDecodedSize } from './decoded-size';

export type CachedResult = Decoded | string;

export class ResultCache {
  private entries = new Map<number, { r: CachedResult; bytes: number }>();
  private total = 0;

  constructor(
    readonly maxEntries: number,
    readonly maxBytes: number,
  ) {}

  get(id: number): CachedResult | undefined {
    return this.entries.get(id)?.r;
  }

  get size(): number {
    return this.entries.size;
  }

  /** Estimated bytes held. */
  get bytes(): number {
    return this.total;
  }

  set(id: number, r: CachedResult): CachedResult {
    const bytes = typeof r === 'string' ? 64 + r.length * 2 : estimateDecodedSize(r);
    this.delete(id);
    for (const [oldest, e] of this.entries) {
      if (this.entries.size < this.maxEntries && this.total + bytes <= this.maxBytes) break;
      this.entries.delete(oldest);
      this.total -= e.bytes;
    }
    this.entries.set(id, { r, bytes });
    this.total += bytes;
    return r;
  }

  clear(): void {
    this.entries.clear();
    this.total = 0;
  }

  private delete(id: number): void {
    const old = this.entries.get(id);
    if (!old) return;
    this.entries.delete(id);
    this.total -= old.bytes;
  }
}
