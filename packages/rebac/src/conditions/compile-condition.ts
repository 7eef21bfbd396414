// Compiles one OpenFGA condition (typed parameters, a CEL expression) once per model, and evaluates it against a
// tuple's context merged over the request's, with OpenFGA's rules: the tuple's values win, a missing parameter is
// error 2000, a type mismatch is error 2000.
import { Environment } from '@marcbachmann/cel-js';
import { invalidModel, validationError } from '../errors.js';
import type { ConditionDefinition, ConditionParamTypeRef } from '../model/model-json.js';
import { IPAddress } from './ip-address.js';

/** Parameter values as JSON carries them (a request's `context`, a tuple's condition context). */
export type ConditionContext = Readonly<Record<string, unknown>>;

export interface CompiledCondition {
  readonly name: string;
  /** True when the condition holds; throws RebacError 2000 when a parameter is missing or has the wrong type. */
  evaluate(tupleContext: ConditionContext | undefined, requestContext: ConditionContext | undefined): boolean;
}

type Converter = (value: unknown) => unknown;

interface ParamType {
  readonly cel: string;
  readonly convert: Converter;
}

// Values are converted with CEL's own constructors, so that durations and uints are the library's types.
const converters = new Environment().registerVariable('s', 'string').registerVariable('n', 'int');
const toDuration = converters.parse('duration(s)');
const toUint = converters.parse('uint(n)');

function fail(expected: string, value: unknown): never {
  throw new TypeError(`expected ${expected}, got ${JSON.stringify(value) ?? String(value)}`);
}

function toBigInt(value: unknown, expected: string): bigint {
  if (typeof value === 'bigint') return value;
  if (typeof value === 'number' && Number.isSafeInteger(value)) return BigInt(value);
  if (typeof value === 'string' && /^-?\d{1,19}$/.test(value)) return BigInt(value);
  return fail(expected, value);
}

function paramType(ref: ConditionParamTypeRef): ParamType {
  const generic = ref.generic_types?.[0];
  switch (ref.type_name) {
    case 'TYPE_NAME_INT':
      return { cel: 'int', convert: (v) => toBigInt(v, 'an int') };
    case 'TYPE_NAME_UINT':
      return {
        cel: 'uint',
        convert: (v) => {
          const n = toBigInt(v, 'a uint');
          if (n < 0n) fail('a uint', v);
          return toUint({ n });
        },
      };
    case 'TYPE_NAME_DOUBLE':
      return {
        cel: 'double',
        convert: (v) => {
          if (typeof v === 'number' && Number.isFinite(v)) return v;
          if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) return Number(v);
          return fail('a double', v);
        },
      };
    case 'TYPE_NAME_BOOL':
      return { cel: 'bool', convert: (v) => (typeof v === 'boolean' ? v : fail('a bool', v)) };
    case 'TYPE_NAME_STRING':
      return { cel: 'string', convert: (v) => (typeof v === 'string' ? v : fail('a string', v)) };
    case 'TYPE_NAME_TIMESTAMP':
      return {
        cel: 'google.protobuf.Timestamp',
        convert: (v) => {
          if (v instanceof Date) return v;
          if (typeof v !== 'string' || !/^\d{4}-\d{2}-\d{2}T/.test(v))
            return fail('an RFC 3339 timestamp', v);
          const date = new Date(v);
          return Number.isNaN(date.getTime()) ? fail('an RFC 3339 timestamp', v) : date;
        },
      };
    case 'TYPE_NAME_DURATION':
      return {
        cel: 'google.protobuf.Duration',
        convert: (v) => (typeof v === 'string' ? toDuration({ s: v }) : fail('a duration', v)),
      };
    case 'TYPE_NAME_IPADDRESS':
      return {
        cel: 'ipaddress',
        convert: (v) =>
          v instanceof IPAddress
            ? v
            : (typeof v === 'string' && IPAddress.parse(v)) || fail('an IP address', v),
      };
    case 'TYPE_NAME_LIST': {
      const element = generic ? paramType(generic) : { cel: 'dyn', convert: (v: unknown) => v };
      return {
        cel: `list<${element.cel}>`,
        convert: (v) => (Array.isArray(v) ? v.map(element.convert) : fail('a list', v)),
      };
    }
    case 'TYPE_NAME_MAP': {
      const element = generic ? paramType(generic) : { cel: 'dyn', convert: (v: unknown) => v };
      return {
        cel: `map<string, ${element.cel}>`,
        convert: (v) => {
          if (typeof v !== 'object' || v === null || Array.isArray(v)) return fail('a map', v);
          const out: Record<string, unknown> = {};
          for (const [key, item] of Object.entries(v)) out[key] = element.convert(item);
          return out;
        },
      };
    }
    case 'TYPE_NAME_ANY':
      return { cel: 'dyn', convert: (v) => v };
    default:
      throw new Error(`unsupported parameter type '${ref.type_name}'`);
  }
}

function baseEnvironment(): Environment {
  return new Environment()
    .registerType('ipaddress', IPAddress)
    .registerFunction('ipaddress(string): ipaddress', (text: string) => {
      const ip = IPAddress.parse(text);
      if (!ip) throw new Error(`invalid IP address '${text}'`);
      return ip;
    })
    .registerFunction({
      name: 'in_cidr',
      receiverType: 'ipaddress',
      returnType: 'bool',
      handler: (ip: IPAddress, cidr: string) => ip.inCidr(cidr),
      params: [{ name: 'cidr', type: 'string' }],
    });
}

/** Compiles a model's condition; an unknown parameter type or an expression that is not a bool raises 2056. */
export function compileCondition(definition: ConditionDefinition): CompiledCondition {
  const name = definition.name;
  const env = baseEnvironment();
  const params: [string, ParamType][] = [];
  try {
    for (const [param, ref] of Object.entries(definition.parameters ?? {})) {
      const type = paramType(ref);
      env.registerVariable(param, type.cel);
      params.push([param, type]);
    }
  } catch (error) {
    throw invalidModel(`condition '${name}': ${(error as Error).message}`, error);
  }
  const checked = env.check(definition.expression);
  if (!checked.valid || checked.type !== 'bool') {
    throw invalidModel(
      `condition '${name}' is invalid: ${checked.error?.message ?? `its expression is a ${checked.type}, not a bool`}`,
    );
  }
  const program = env.parse(definition.expression);

  return {
    name,
    evaluate(tupleContext, requestContext) {
      const activation: Record<string, unknown> = {};
      const missing: string[] = [];
      for (const [param, type] of params) {
        const raw =
          tupleContext && Object.hasOwn(tupleContext, param) ? tupleContext[param] : requestContext?.[param];
        if (raw === undefined) {
          missing.push(param);
          continue;
        }
        try {
          activation[param] = type.convert(raw);
        } catch (error) {
          throw validationError(
            `failed to evaluate condition '${name}': parameter '${param}': ${(error as Error).message}`,
            error,
          );
        }
      }
      if (missing.length > 0) {
        throw validationError(
          `failed to evaluate condition '${name}': missing context parameters [${missing.join(', ')}]`,
        );
      }
      let result: unknown;
      try {
        result = program(activation);
      } catch (error) {
        throw validationError(`failed to evaluate condition '${name}': ${(error as Error).message}`, error);
      }
      if (typeof result !== 'boolean')
        throw validationError(`condition '${name}' did not evaluate to a bool`);
      return result;
    },
  };
}
