import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** True when the module at `importMetaUrl` is the script node (or tsx) was started with. */
export function isEntryPoint(importMetaUrl: string): boolean {
  const script = process.argv[1];
  return script !== undefined && fileURLToPath(importMetaUrl) === resolve(script);
}
