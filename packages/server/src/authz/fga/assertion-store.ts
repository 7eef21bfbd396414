// The storage contract for a model's assertions (the tests a model's author keeps with it; OpenFGA's Assertions API).

/** One assertion, in the API's JSON shape (tuple_key, expectation, contextual_tuples, context). */
export type Assertion = Readonly<Record<string, unknown>>;

export interface AssertionStore {
  /** Replaces the assertions of the model. */
  write(storeId: string, modelId: string, assertions: readonly Assertion[]): Promise<void>;
  /** The model's assertions; empty when none were written. */
  read(storeId: string, modelId: string): Promise<readonly Assertion[]>;
}
