// The runner's type-check thread starts here (plain JavaScript, like entry.mjs). See runner.ts.
import { register } from 'tsx/esm/api';

register();
await import('./type-check-worker.ts');
