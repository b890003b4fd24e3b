/**
 * Type-checks one learner file with the TypeScript compiler API, as `tsc` would with the
 * project's settings, and returns the first error with file and line. The program is reused from
 * one check to the next and every other file's syntax tree is cached, so after the first check
 * (about 2 s cold) a save costs tens of milliseconds: only the learner's file is parsed again.
 */
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';

export interface CompileError {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly message: string;
}

/**
 * The few host globals an exercise may use, declared here instead of loading @types/node: the
 * checker merges every global declaration for each new program, and Node's are most of the cost of
 * a check. With them a check took 300-500 ms; without, it is a small fraction of that.
 */
const LEARNER_GLOBALS_FILE = '/__workbook__/learner-globals.d.ts';
const LEARNER_GLOBALS = `
declare var console: { log(...data: unknown[]): void; error(...data: unknown[]): void; warn(...data: unknown[]): void; info(...data: unknown[]): void; table(data: unknown): void };
declare class TextEncoder { encode(input?: string): Uint8Array; }
declare class TextDecoder { constructor(label?: string); decode(input?: Uint8Array): string; }
`;

export class LearnerTypeChecker {
  private readonly options: ts.CompilerOptions;
  private readonly host: ts.CompilerHost;
  private readonly cache = new Map<string, { version: number; source: ts.SourceFile }>();
  private previous: ts.Program | undefined;

  constructor(root: string) {
    this.options = compilerOptions(root);
    this.host = ts.createCompilerHost(this.options);
    const read = this.host.getSourceFile.bind(this.host);
    const globals = ts.createSourceFile(LEARNER_GLOBALS_FILE, LEARNER_GLOBALS, ts.ScriptTarget.ES2022, true);
    const fileExists = this.host.fileExists.bind(this.host);
    this.host.fileExists = (fileName) => fileName === LEARNER_GLOBALS_FILE || fileExists(fileName);
    this.host.getSourceFile = (fileName, languageVersion, onError, shouldCreate) => {
      if (fileName === LEARNER_GLOBALS_FILE) return globals;
      // Cached by modification time, so an edited file (the learner's, or one of ours in watch mode) is read again.
      const version = modifiedAt(fileName);
      const cached = this.cache.get(fileName);
      if (cached !== undefined && cached.version === version) return cached.source;
      const source = read(fileName, languageVersion, onError, shouldCreate);
      if (source !== undefined) this.cache.set(fileName, { version, source });
      return source;
    };
  }

  /** The first syntax or type error in `file` itself (errors it causes elsewhere are not the learner's), or undefined. */
  check(file: string): CompileError | undefined {
    const program = ts.createProgram({ rootNames: [file, LEARNER_GLOBALS_FILE], options: this.options, host: this.host, ...(this.previous && { oldProgram: this.previous }) });
    this.previous = program;
    const source = program.getSourceFile(file);
    if (source === undefined) return { file, line: 1, column: 1, message: 'the file could not be read' };
    const syntax = program.getSyntacticDiagnostics(source);
    const diagnostics = syntax.length > 0 ? syntax : program.getSemanticDiagnostics(source);
    const first = diagnostics.find((diagnostic) => diagnostic.category === ts.DiagnosticCategory.Error);
    if (first === undefined) return undefined;
    const { line, character } = first.file !== undefined && first.start !== undefined ? first.file.getLineAndCharacterOfPosition(first.start) : { line: 0, character: 0 };
    return { file: first.file?.fileName ?? file, line: line + 1, column: character + 1, message: ts.flattenDiagnosticMessageText(first.messageText, '\n') };
  }
}

function modifiedAt(fileName: string): number {
  try {
    return statSync(fileName).mtimeMs;
  } catch {
    return -1;
  }
}

/**
 * The project's tsconfig settings, minus two: unused locals and parameters are style, not errors,
 * while a learner experiments (`npm test`'s type check still applies them to shipped files). No
 * @types packages: LEARNER_GLOBALS stands in for the globals an exercise needs.
 */
function compilerOptions(root: string): ts.CompilerOptions {
  const configPath = join(root, 'tsconfig.json');
  const read = ts.readConfigFile(configPath, (path) => readFileSync(path, 'utf8'));
  const parsed = ts.parseJsonConfigFileContent(read.config ?? {}, ts.sys, root);
  return { ...parsed.options, noEmit: true, noUnusedLocals: false, noUnusedParameters: false, incremental: false, types: [] };
}
