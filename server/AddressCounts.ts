/**
 * How many of something each network address holds now (sockets, phones in the show), so one
 * address cannot take every place. Addresses with nothing are forgotten: the map is as big as the
 * crowd, never bigger.
 */
import { normalizeAddress } from './addressRange.ts';

/** Live counts per address. */
export class AddressCounts {
  private readonly counts = new Map<string, number>();

  /**
   * @param limit most one address may hold (0: no limit).
   */
  constructor(readonly limit: number) {}

  /** @returns how many this address holds now (any spelling of it). */
  count(address: string | undefined): number {
    return this.counts.get(normalizeAddress(address ?? '')) ?? 0;
  }

  /** @returns whether this address may take one more. */
  hasRoom(address: string | undefined): boolean {
    return this.limit === 0 || this.count(address) < this.limit;
  }

  /** One more for this address. */
  add(address: string | undefined): void {
    const key = normalizeAddress(address ?? '');
    this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
  }

  /** One fewer for this address. */
  remove(address: string | undefined): void {
    const key = normalizeAddress(address ?? '');
    const n = (this.counts.get(key) ?? 0) - 1;
    if (n > 0) this.counts.set(key, n);
    else this.counts.delete(key);
  }

  /** Addresses holding anything now. */
  get addresses(): number {
    return this.counts.size;
  }
}
