// Turns a model as written (DSL text or the API's JSON) into an immutable, compiled version with a ULID id.
import { CompiledModel } from './compiled-model.js';
import type { AuthorizationModelJson } from './model-json.js';
import { parseModelDsl, validateModelJson } from './parse-model.js';

/** Compiles a DSL model; raises 2056 when it does not parse or validate. `id` defaults to a new ULID. */
export function compileModelDsl(dsl: string, id?: string): CompiledModel {
  return new CompiledModel(parseModelDsl(dsl), id);
}

/** Compiles the JSON form (`schema_version`, `type_definitions`, `conditions`); raises 2056 / 2057 when invalid. */
export function compileModelJson(json: AuthorizationModelJson, id?: string): CompiledModel {
  return new CompiledModel(validateModelJson(json), id);
}
