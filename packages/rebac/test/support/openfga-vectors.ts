// Reads OpenFGA's YAML behaviour tests (test/vectors/openfga/) into typed cases: for the engine's runner here and
// the server's runner over HTTP (packages/server/test/authz/openfga-vectors-http.test.ts).
import { readFileSync } from 'node:fs';
import type { TupleKey } from '@tessera/rebac';
import { parse } from 'yaml';

export interface CheckAssertion {
  tuple: { user: string; relation: string; object: string };
  contextualTuples?: TupleKey[];
  context?: Record<string, unknown>;
  expectation?: boolean;
  errorCode?: number;
}

export interface ListObjectsAssertion {
  request: { user: string; type: string; relation: string };
  contextualTuples?: TupleKey[];
  context?: Record<string, unknown>;
  expectation?: string[] | null;
  errorCode?: number;
}

export interface ListUsersAssertion {
  request: { object: string; relation: string; filters: string[] };
  contextualTuples?: TupleKey[];
  context?: Record<string, unknown>;
  expectation?: string[] | null;
  errorCode?: number;
}

export interface Stage {
  model: string;
  tuples?: TupleKey[] | null;
  checkAssertions?: CheckAssertion[] | null;
  listObjectsAssertions?: ListObjectsAssertion[] | null;
  listUsersAssertions?: ListUsersAssertion[] | null;
}

export interface VectorCase {
  name: string;
  stages: Stage[];
}

/** The vector files, each played by both runners. */
export const VECTOR_FILES = ['consolidated_1_1_half.yaml', 'abac_tests.yaml'];

export function readVectors(file: string): VectorCase[] {
  const text = readFileSync(new URL(`../vectors/openfga/${file}`, import.meta.url), 'utf8');
  return (parse(text) as { tests: VectorCase[] }).tests;
}
