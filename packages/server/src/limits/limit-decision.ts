// What every rate limit answers: go ahead, or wait this long (the Retry-After a caller sends).
export type LimitDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };
