// The runner's worker thread starts here, in plain JavaScript, so it needs no loader to start:
// it registers tsx's loader for this thread, then loads the TypeScript worker. See runner.ts.
import { register } from 'tsx/esm/api';

register();
await import('./exercise-worker.ts');
