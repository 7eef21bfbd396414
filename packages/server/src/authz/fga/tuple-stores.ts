// Where the FGA API finds the tuples of one OpenFGA store: a TupleStore (@tessera/rebac's contract) per store id.
import type { TupleStore } from '@tessera/rebac';

export interface TupleStores {
  /**
   * The tuples of the store `storeId`, which the caller has checked exists: tuples never cross stores. The same
   * object may be returned for the same id.
   */
  forStore(storeId: string): TupleStore;
}
