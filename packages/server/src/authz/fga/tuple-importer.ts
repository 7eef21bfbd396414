// The storage contract for bulk loads (`tessera fga tuples import`): many tuples in one transaction, as one write.
import type { Revision, TupleKey } from '@tessera/rebac';

export interface TupleImport {
  /** The revision of the import (one write, however many tuples), or the current one when nothing was new. */
  readonly revision: Revision;
  /** How many tuples were new; the others were stored already and keep their condition. */
  readonly written: number;
}

export interface TupleImporter {
  /**
   * Writes every tuple of `tuples` (validated by the caller) to the live store `storeId` in one transaction, with
   * one changelog entry each for the new ones: all of them or, if anything fails, none. `onProgress` is told how many
   * have been sent so far.
   */
  importTuples(
    storeId: string,
    tuples: readonly TupleKey[],
    onProgress?: (sent: number) => void,
  ): Promise<TupleImport>;
}
