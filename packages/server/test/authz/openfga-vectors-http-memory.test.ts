// OpenFGA's YAML behaviour tests over the HTTP API (support/openfga-vectors-runner.ts), with the FGA data in the
// server's memory (TESSERA_FGA_DATASTORE=memory, OpenFGA's memory datastore): the third store the API runs on.
import { startTestServer } from '../support/test-server.js';
import { describeVectorsOverHttp } from './support/openfga-vectors-runner.js';

describeVectorsOverHttp('memory', () => startTestServer({ env: { TESSERA_FGA_DATASTORE: 'memory' } }));
