// Imports a file's tuples into a store: every tuple is checked against the store's latest model first (a bad one is
// reported with its line, and nothing is written), then all are written in one transaction, as one write.
import { isRebacError, validateTupleForWrite } from '@tessera/rebac';
import { encodeConsistencyToken } from './consistency-token.js';
import { type FgaDependencies, storeTarget } from './fga-dependencies.js';
import { type NumberedTuple, TupleFileError } from './tuple-file.js';
import type { TupleImporter } from './tuple-importer.js';

export interface ImportedTuples {
  /** Tuples in the file. */
  readonly total: number;
  /** Tuples that were not stored before. */
  readonly written: number;
  readonly consistencyToken: string;
}

export async function importTuples(
  deps: FgaDependencies & { importer: TupleImporter },
  storeId: string,
  tuples: readonly NumberedTuple[],
  onProgress?: (sent: number, total: number) => void,
): Promise<ImportedTuples> {
  const { model } = await storeTarget(deps, storeId, undefined);
  for (const { line, key } of tuples) {
    try {
      validateTupleForWrite(model, key);
    } catch (error) {
      if (isRebacError(error)) throw new TupleFileError(line, `${error.codeName}: ${error.message}`);
      throw error;
    }
  }
  const { revision, written } = await deps.importer.importTuples(
    storeId,
    tuples.map((tuple) => tuple.key),
    onProgress && ((sent) => onProgress(sent, tuples.length)),
  );
  return { total: tuples.length, written, consistencyToken: encodeConsistencyToken(storeId, revision) };
}
