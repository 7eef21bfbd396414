// How the admin API validates what it is sent: bodies and path parameters exactly as their schemas say (no type
// coercion, no silent dropping of unknown fields, unlike Fastify's defaults), so `{"name": 42}` or a misspelt field is
// a clear invalid_request instead of a surprise; only the query string, which is text, is coerced (`force=true`).
import { Ajv, type ValidateFunction } from 'ajv';
import type { FastifySchemaCompiler } from 'fastify';

const exact = new Ajv({ allErrors: false, coerceTypes: false, removeAdditional: false, useDefaults: false });
const fromText = new Ajv({
  allErrors: false,
  coerceTypes: true,
  removeAdditional: false,
  useDefaults: false,
});

export const adminValidatorCompiler: FastifySchemaCompiler<object> = ({ schema, httpPart }) => {
  const validate: ValidateFunction = (httpPart === 'querystring' ? fromText : exact).compile(schema);
  return (data: unknown) => (validate(data) ? { value: data } : { error: new Error(describe(validate)) });
};

function describe(validate: ValidateFunction): string {
  const error = validate.errors?.[0];
  if (!error) return 'invalid';
  if (error.keyword === 'additionalProperties') {
    return `unknown field ${JSON.stringify((error.params as { additionalProperty: string }).additionalProperty)}`;
  }
  const where = error.instancePath === '' ? 'the body' : error.instancePath.slice(1).replaceAll('/', '.');
  return `${where} ${error.message ?? 'is invalid'}`;
}
