// Reads a file of tuples as the OpenFGA CLI accepts them: JSON lines of {"user","relation","object"[,"condition"]},
// a JSON array of the same, or CSV `user,relation,object` (a header line naming those columns is skipped). A line that
// is none of these is refused with its number.
import type { TupleKey } from '@tessera/rebac';
import { TesseraError } from '../../tessera-error.js';

/** A tuple of the file, with the line it is on (its place, for a JSON array). */
export interface NumberedTuple {
  readonly line: number;
  readonly key: TupleKey;
}

export class TupleFileError extends TesseraError {
  readonly code = 'invalid_tuple_file';

  constructor(
    readonly line: number,
    message: string,
  ) {
    super(`line ${line}: ${message}`);
    this.name = 'TupleFileError';
  }
}

export function parseTupleFile(text: string, fileName: string): NumberedTuple[] {
  if (fileName.toLowerCase().endsWith('.csv')) return parseCsv(text);
  const trimmed = text.trimStart();
  if (trimmed.startsWith('[')) return parseJsonArray(text);
  return parseJsonLines(text);
}

function toKey(value: unknown, line: number): TupleKey {
  const { user, relation, object, condition } = (value ?? {}) as Record<string, unknown>;
  if (typeof user !== 'string' || typeof relation !== 'string' || typeof object !== 'string') {
    throw new TupleFileError(line, 'a tuple needs string "user", "relation" and "object" fields');
  }
  if (condition === undefined || condition === null) return { user, relation, object };
  const { name, context } = condition as { name?: unknown; context?: unknown };
  if (
    typeof name !== 'string' ||
    (context !== undefined && (typeof context !== 'object' || context === null))
  ) {
    throw new TupleFileError(line, 'a condition is {"name": string, "context"?: object}');
  }
  return {
    user,
    relation,
    object,
    condition: context === undefined ? { name } : { name, context: context as Record<string, unknown> },
  };
}

function parseJsonLines(text: string): NumberedTuple[] {
  const out: NumberedTuple[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = (lines[i] as string).trim();
    if (line === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      throw new TupleFileError(i + 1, 'not a JSON object');
    }
    out.push({ line: i + 1, key: toKey(value, i + 1) });
  }
  return out;
}

function parseJsonArray(text: string): NumberedTuple[] {
  let values: unknown;
  try {
    values = JSON.parse(text);
  } catch (error) {
    throw new TupleFileError(1, `not a JSON array: ${(error as Error).message}`);
  }
  if (!Array.isArray(values)) throw new TupleFileError(1, 'not a JSON array');
  return values.map((value, i) => ({ line: i + 1, key: toKey(value, i + 1) }));
}

function parseCsv(text: string): NumberedTuple[] {
  const out: NumberedTuple[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = (lines[i] as string).trim();
    if (line === '') continue;
    const fields = line.split(',').map((field) => field.trim());
    if (i === 0 && fields.join(',') === 'user,relation,object') continue;
    const [user, relation, object] = fields;
    if (fields.length !== 3 || !user || !relation || !object) {
      throw new TupleFileError(i + 1, 'a CSV line is user,relation,object');
    }
    out.push({ line: i + 1, key: { user, relation, object } });
  }
  return out;
}
