// The JSON form of an OpenFGA authorization model (schema 1.1), as the API's WriteAuthorizationModel body has it.

export interface ObjectRelation {
  readonly object?: string;
  readonly relation?: string;
}

/** A relation's rewrite: exactly one of the fields is set. */
export interface Userset {
  readonly this?: Record<string, never>;
  readonly computedUserset?: ObjectRelation;
  readonly tupleToUserset?: { readonly tupleset: ObjectRelation; readonly computedUserset: ObjectRelation };
  readonly union?: { readonly child: readonly Userset[] };
  readonly intersection?: { readonly child: readonly Userset[] };
  readonly difference?: { readonly base: Userset; readonly subtract: Userset };
}

/** One type restriction: `user`, `user:*` (wildcard), `group#member` (relation), optionally `with condition`. */
export interface RelationReference {
  readonly type: string;
  readonly relation?: string;
  readonly wildcard?: Record<string, never>;
  readonly condition?: string;
}

export interface RelationMetadata {
  readonly directly_related_user_types?: readonly RelationReference[];
}

export interface TypeDefinition {
  readonly type: string;
  readonly relations?: Readonly<Record<string, Userset>>;
  readonly metadata?: { readonly relations?: Readonly<Record<string, RelationMetadata>> } | null;
}

export type ConditionParamTypeName =
  | 'TYPE_NAME_UNSPECIFIED'
  | 'TYPE_NAME_ANY'
  | 'TYPE_NAME_BOOL'
  | 'TYPE_NAME_STRING'
  | 'TYPE_NAME_INT'
  | 'TYPE_NAME_UINT'
  | 'TYPE_NAME_DOUBLE'
  | 'TYPE_NAME_DURATION'
  | 'TYPE_NAME_TIMESTAMP'
  | 'TYPE_NAME_MAP'
  | 'TYPE_NAME_LIST'
  | 'TYPE_NAME_IPADDRESS';

export interface ConditionParamTypeRef {
  readonly type_name: ConditionParamTypeName;
  readonly generic_types?: readonly ConditionParamTypeRef[];
}

export interface ConditionDefinition {
  readonly name: string;
  readonly expression: string;
  readonly parameters?: Readonly<Record<string, ConditionParamTypeRef>>;
}

/** The model as written: what WriteAuthorizationModel receives and ReadAuthorizationModel returns. */
export interface AuthorizationModelJson {
  readonly schema_version: string;
  readonly type_definitions: readonly TypeDefinition[];
  readonly conditions?: Readonly<Record<string, ConditionDefinition>>;
}
