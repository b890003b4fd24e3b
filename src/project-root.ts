/**
 * The workbook's root folder: the nearest folder above this module that holds package.json. Code
 * here runs from src/ (through tsx) or bundled into dist/lab.mjs (bin/lab.mjs), at different
 * depths, so files of the project (scenarios/, labs/, worker entry points) are found from the root,
 * never by a fixed number of `..` from the module.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let cached: string | undefined;

export function projectRoot(): string {
  if (cached !== undefined) return cached;
  let folder = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(folder, 'package.json'))) {
    const parent = dirname(folder);
    if (parent === folder) throw new Error(`no package.json above ${fileURLToPath(import.meta.url)}: is the workbook intact?`);
    folder = parent;
  }
  cached = folder;
  return folder;
}

/** A file of the project, by its path from the root: `projectFile('scenarios')`. */
export function projectFile(relative: string): string {
  return join(projectRoot(), relative);
}
