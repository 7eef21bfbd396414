// The per-address (or per-account) cap on emailed links, made atomic by a unique index: each link takes one of a
// few numbered slots of its fixed time window, and exactly one writer can take each slot.
import type { InsertResult } from 'kysely';

/** The window `createdAt` falls in, for windows of `windowSeconds`. */
export function sendWindow(createdAt: number, windowSeconds: number): number {
  return Math.floor(createdAt / windowSeconds);
}

/**
 * Calls `insertInSlot(0)`, `insertInSlot(1)`… (each an INSERT … ON CONFLICT DO NOTHING on the slot's unique index)
 * until one inserts a row; returns false when all `max` slots were taken.
 */
export async function takeFreeSlot(
  max: number,
  insertInSlot: (slot: number) => Promise<InsertResult>,
): Promise<boolean> {
  for (let slot = 0; slot < max; slot++) {
    const inserted = await insertInSlot(slot);
    if (Number(inserted.numInsertedOrUpdatedRows ?? 0) === 1) return true;
  }
  return false;
}
