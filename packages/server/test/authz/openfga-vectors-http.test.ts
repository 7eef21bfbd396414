// OpenFGA's YAML behaviour tests over the HTTP API (support/openfga-vectors-runner.ts), with the FGA data in SQL: on
// SQLite here, and on PostgreSQL in the `postgres` Vitest project.
import { startTestServer } from '../support/test-server.js';
import { describeVectorsOverHttp } from './support/openfga-vectors-runner.js';

describeVectorsOverHttp('sql', () => startTestServer());
