// Process entry only: `node dist/server.js` (npm start).
import { runFromEnv } from './start.js';

await runFromEnv();
