// Recognises a unique-constraint violation from either dialect, so stores can turn it into a domain answer.
export function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  // PostgreSQL: 23505 unique_violation. SQLite: primary key or unique constraint failed.
  return code === '23505' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || code === 'SQLITE_CONSTRAINT_UNIQUE';
}
