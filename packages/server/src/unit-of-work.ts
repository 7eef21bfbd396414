// The unit of work: writes to several stores that must hold together, composed in the domain and run in one
// database transaction (implemented in store/stores.ts).

export interface UnitOfWork<S> {
  /**
   * Runs `work` with the same store interfaces bound to one database transaction. Its writes commit together when
   * `work` resolves and none of them is kept when it rejects; the rejection is passed on. Called again inside `work`
   * (on the stores it was given), it joins the same transaction. `work` reaches the database only through the stores
   * it is given (anything else waits for the transaction's connection on SQLite) and keeps slow work such as password
   * hashing or mail out, since the transaction holds its locks until `work` ends.
   */
  transaction<T>(work: (stores: Transactional<S>) => Promise<T>): Promise<T>;
}

/** Stores that can also run a unit of work over themselves. */
export type Transactional<S> = S & UnitOfWork<S>;
