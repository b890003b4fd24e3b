/**
 * Reads TypeScript source as text for the architecture tests: which modules a file imports, and
 * which calls its code makes, with comments (and, for calls, string contents) blanked out so prose
 * such as "never calls Date.now()" does not count. Not a parser: a small scanner that knows
 * comments, quotes, template literals (with ${...} inside) and regular-expression literals, which is
 * all it takes to tell code from text. Every view keeps the original length and line breaks, so an
 * index in a view is an index in the file and line numbers stay right.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

export interface SourceViews {
  /** The text with every comment blanked. */
  readonly withoutComments: string;
  /** Also with the insides of strings, template literals and regex literals blanked: code only. */
  readonly codeOnly: string;
}

/** After these, a `/` starts a regular expression rather than a division. */
const REGEX_AFTER_PUNCTUATION = new Set('(,=:[!&|?{};+-*%<>~^'.split(''));
const REGEX_AFTER_KEYWORD = new Set(['return', 'typeof', 'case', 'do', 'else', 'in', 'of', 'new', 'delete', 'void', 'throw', 'yield', 'await']);

export function sourceViews(text: string): SourceViews {
  const kept: string[] = [];
  const code: string[] = [];
  const length = text.length;
  /** For each open `${`, how many `{` are open inside it. */
  const templateBraces: number[] = [];
  let index = 0;
  /** The last significant character of code ('a' for an identifier or number), and the last word. */
  let previous = '';
  let previousWord = '';
  let word = '';

  const keepBoth = (char: string): void => {
    kept.push(char);
    code.push(char);
  };
  const blankInCode = (char: string): void => {
    kept.push(char);
    code.push(char === '\n' ? '\n' : ' ');
  };
  const blankBoth = (char: string): void => {
    const blank = char === '\n' ? '\n' : ' ';
    kept.push(blank);
    code.push(blank);
  };
  /** Inside a template literal, up to its closing backtick or the next `${`. */
  const scanTemplate = (): void => {
    while (index < length) {
      const char = text[index]!;
      if (char === '\\') {
        blankInCode(char);
        if (index + 1 < length) blankInCode(text[index + 1]!);
        index += 2;
        continue;
      }
      if (char === '`') {
        keepBoth(char);
        index++;
        return;
      }
      if (char === '$' && text[index + 1] === '{') {
        keepBoth('$');
        keepBoth('{');
        index += 2;
        templateBraces.push(0);
        return;
      }
      blankInCode(char);
      index++;
    }
  };
  const endWord = (): void => {
    if (word !== '') previousWord = word;
    word = '';
  };

  while (index < length) {
    const char = text[index]!;
    const next = text[index + 1];
    if (/[\w$]/.test(char)) {
      word += char;
      keepBoth(char);
      previous = 'a';
      index++;
      continue;
    }
    endWord();
    if (char === '/' && next === '/') {
      while (index < length && text[index] !== '\n') blankBoth(text[index++]!);
      continue;
    }
    if (char === '/' && next === '*') {
      blankBoth('/');
      blankBoth('*');
      index += 2;
      while (index < length && !(text[index] === '*' && text[index + 1] === '/')) blankBoth(text[index++]!);
      if (index < length) {
        blankBoth('*');
        blankBoth('/');
        index += 2;
      }
      continue;
    }
    if (char === "'" || char === '"') {
      keepBoth(char);
      index++;
      while (index < length && text[index] !== char && text[index] !== '\n') {
        if (text[index] === '\\' && index + 1 < length) blankInCode(text[index++]!);
        blankInCode(text[index++]!);
      }
      if (text[index] === char) keepBoth(text[index++]!);
      previous = 'a';
      continue;
    }
    if (char === '`') {
      keepBoth(char);
      index++;
      scanTemplate();
      previous = 'a';
      continue;
    }
    if (char === '}' && templateBraces.length > 0 && templateBraces[templateBraces.length - 1] === 0) {
      templateBraces.pop();
      keepBoth(char);
      index++;
      scanTemplate();
      previous = 'a';
      continue;
    }
    if (char === '{' && templateBraces.length > 0) templateBraces[templateBraces.length - 1]! += 1;
    if (char === '}' && templateBraces.length > 0) templateBraces[templateBraces.length - 1]! -= 1;
    const regexAllowed = previous === '' || REGEX_AFTER_PUNCTUATION.has(previous) || (previous === 'a' && REGEX_AFTER_KEYWORD.has(previousWord));
    if (char === '/' && regexAllowed) {
      keepBoth(char);
      index++;
      let inClass = false;
      while (index < length && text[index] !== '\n') {
        const inner = text[index]!;
        if (inner === '\\' && index + 1 < length) {
          blankInCode(inner);
          blankInCode(text[index + 1]!);
          index += 2;
          continue;
        }
        if (inner === '/' && !inClass) break;
        if (inner === '[') inClass = true;
        if (inner === ']') inClass = false;
        blankInCode(inner);
        index++;
      }
      if (text[index] === '/') keepBoth(text[index++]!);
      previous = 'a';
      previousWord = '';
      continue;
    }
    keepBoth(char);
    index++;
    if (!/\s/.test(char)) {
      previous = char;
      previousWord = '';
    }
  }
  return { withoutComments: kept.join(''), codeOnly: code.join('') };
}

/** 1-based line of `offset` in `text`. */
export function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let index = 0; index < offset; index++) if (text.charCodeAt(index) === 10) line++;
  return line;
}

export interface ImportSite {
  readonly specifier: string;
  readonly line: number;
}

const IMPORT_PATTERNS = [
  // import x from '...', import type { X } from '...', export { x } from '...', export * from '...', import '...'
  /\b(?:import|export)\s+(?:type\s+)?(?:[^'"`;]*?\bfrom\s*)?(['"])([^'"\n]+)\1/g,
  // import('...') and require('...')
  /\b(?:import|require)\s*\(\s*(['"])([^'"\n]+)\1\s*\)/g,
];

/** Every module specifier the file's code imports or re-exports (comments ignored). */
export function importsOf(text: string): ImportSite[] {
  const { withoutComments, codeOnly } = sourceViews(text);
  const sites: ImportSite[] = [];
  const seen = new Set<number>();
  for (const pattern of IMPORT_PATTERNS) {
    for (const match of withoutComments.matchAll(pattern)) {
      // The keyword itself must be code: "import x from './y.js'" inside a string is not an import.
      if (codeOnly.slice(match.index, match.index + 7) !== match[0].slice(0, 7)) continue;
      const offset = match.index + match[0].lastIndexOf(match[2]!);
      if (seen.has(offset)) continue;
      seen.add(offset);
      sites.push({ specifier: match[2]!, line: lineAt(withoutComments, offset) });
    }
  }
  return sites.sort((a, b) => a.line - b.line);
}

export interface CallSite {
  readonly call: string;
  readonly line: number;
}

/** Where the file's code (not its comments or strings) matches one of `patterns`. */
export function callsOf(text: string, patterns: readonly RegExp[]): CallSite[] {
  const { codeOnly } = sourceViews(text);
  const sites: CallSite[] = [];
  for (const pattern of patterns) {
    const global = new RegExp(pattern.source, pattern.flags.includes('g') ? pattern.flags : `${pattern.flags}g`);
    for (const match of codeOnly.matchAll(global)) sites.push({ call: match[0].replace(/\s+/g, ''), line: lineAt(codeOnly, match.index) });
  }
  return sites.sort((a, b) => a.line - b.line);
}

/** Every .ts file under `folder` (relative to the repository root), as repository-relative paths. */
export function typescriptFiles(folder: string): string[] {
  return (readdirSync(join(REPO_ROOT, folder), { recursive: true, encoding: 'utf8' }) as string[])
    .filter((file) => file.endsWith('.ts'))
    .map((file) => join(folder, file).split('\\').join('/'))
    .sort();
}

export function readSource(file: string): string {
  return readFileSync(join(REPO_ROOT, file), 'utf8');
}

/** The repository-relative path a relative specifier points at ("src/sim/simulation.js"), or undefined for a package. */
export function resolveSpecifier(fromFile: string, specifier: string): string | undefined {
  if (!specifier.startsWith('.')) return undefined;
  return relative(REPO_ROOT, resolve(REPO_ROOT, dirname(fromFile), specifier)).split('\\').join('/');
}
