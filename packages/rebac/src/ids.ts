// Identifiers: authorization model ids are ULIDs (the OpenFGA SDK rejects anything else), monotonic within a process.
import { monotonicFactory } from 'ulid';

export const ulid: () => string = monotonicFactory();
