// Reads an authorization model from the OpenFGA DSL or from its JSON form, validated by @openfga/syntax-transformer;
// every syntax or semantic problem becomes error 2056 invalid_authorization_model.
import { errors, transformer, validator } from '@openfga/syntax-transformer';
import { ErrorCode, invalidModel, RebacError } from '../errors.js';
import type { AuthorizationModelJson, RelationReference } from './model-json.js';

function describe(error: unknown): string {
  if (error instanceof errors.ModelValidationError || error instanceof errors.DSLSyntaxError) {
    return error.errors.map((single) => single.msg).join('; ');
  }
  return error instanceof Error ? error.message : String(error);
}

/** Findings of the DSL validator that OpenFGA's server does not refuse a model for. */
const LENIENT: ReadonlySet<string> = new Set([errors.ValidationError.ConditionNotUsed]);

/** The JSON form of a DSL model (`model\n  schema 1.1\ntype user …`), validated. */
export function parseModelDsl(dsl: string): AuthorizationModelJson {
  let json: AuthorizationModelJson;
  try {
    json = transformer.transformDSLToJSONObject(dsl) as unknown as AuthorizationModelJson;
  } catch (error) {
    throw invalidModel(`invalid authorization model: ${describe(error)}`, error);
  }
  try {
    validator.validateDSL(dsl);
  } catch (error) {
    // The validator's own crashes (0.2.2 on a conditional tupleset) are not verdicts: validateModelJson decides.
    // Neither is an unused condition, which the DSL linter flags but OpenFGA's server accepts.
    if (error instanceof errors.DSLSyntaxError)
      throw invalidModel(`invalid authorization model: ${describe(error)}`, error);
    if (error instanceof errors.ModelValidationError) {
      const verdicts = error.errors.filter((single) => !LENIENT.has(String(single.metadata?.errorType)));
      if (verdicts.length > 0) {
        throw invalidModel(
          `invalid authorization model: ${verdicts.map((single) => single.msg).join('; ')}`,
          error,
        );
      }
    }
  }
  return validateModelJson(json);
}

/**
 * Validates the JSON form (the API's `schema_version`, `type_definitions`, `conditions`) with the same rules the DSL
 * gets. Schema 1.0 models are refused (2057 unsupported_schema_version), as OpenFGA refuses new ones.
 */
export function validateModelJson(json: AuthorizationModelJson): AuthorizationModelJson {
  if (typeof json !== 'object' || json === null || !Array.isArray(json.type_definitions)) {
    throw invalidModel('invalid authorization model: type_definitions is required');
  }
  if (json.schema_version !== '1.1') {
    throw new RebacError(
      ErrorCode.unsupported_schema_version,
      `invalid schema version '${String(json.schema_version)}': only 1.1 is supported`,
    );
  }
  try {
    // biome-ignore lint/suspicious/noExplicitAny: the validator's parameter is the SDK's model type, which is structurally this one.
    validator.validateJSON(withoutConditions(json) as any);
  } catch (error) {
    throw invalidModel(`invalid authorization model: ${describe(error)}`, error);
  }
  assertConditionsUsedAndDefined(json);
  return json;
}

/**
 * The model without `with condition` on type restrictions: syntax-transformer 0.2.2's validateJSON crashes on a
 * conditional restriction of a tupleset (`[folder with x]`), so conditions are checked here instead, by the rules
 * OpenFGA's server applies (a condition a restriction names must be defined; an unused one is allowed).
 */
interface MutableModel {
  type_definitions: {
    metadata?: { relations?: Record<string, { directly_related_user_types?: RelationReference[] }> } | null;
  }[];
  conditions?: unknown;
}

function withoutConditions(json: AuthorizationModelJson): unknown {
  const copy = structuredClone(json) as unknown as MutableModel;
  for (const typeDef of copy.type_definitions) {
    for (const relation of Object.values(typeDef.metadata?.relations ?? {})) {
      const unique = new Map<string, RelationReference>();
      for (const ref of relation.directly_related_user_types ?? []) {
        const { condition: _condition, ...rest } = ref;
        unique.set(JSON.stringify([rest.type, rest.relation ?? '', rest.wildcard ? '*' : '']), rest);
      }
      relation.directly_related_user_types = [...unique.values()];
    }
  }
  delete copy.conditions;
  return copy;
}

function assertConditionsUsedAndDefined(json: AuthorizationModelJson): void {
  const defined = new Set(Object.keys(json.conditions ?? {}));
  for (const typeDef of json.type_definitions) {
    for (const [relation, metadata] of Object.entries(typeDef.metadata?.relations ?? {})) {
      for (const ref of metadata.directly_related_user_types ?? []) {
        if (!ref.condition) continue;
        if (!defined.has(ref.condition)) {
          throw invalidModel(
            `invalid authorization model: condition '${ref.condition}' used by '${typeDef.type}#${relation}' is not defined`,
          );
        }
      }
    }
  }
  for (const [name, definition] of Object.entries(json.conditions ?? {})) {
    if (definition.name !== undefined && definition.name !== name) {
      throw invalidModel(`invalid authorization model: condition '${name}' is named '${definition.name}'`);
    }
  }
}
