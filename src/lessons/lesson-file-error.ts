/**
 * The one error the lesson loaders throw: a lesson or quiz file is missing or malformed. It names
 * the file and the 1-based line, so the author can go straight to the problem; the tutor shows the
 * message as it is.
 */
export class LessonFileError extends Error {
  override readonly name = 'LessonFileError';

  constructor(
    /** The file as the author knows it, relative to the project root when possible. */
    readonly file: string,
    /** 1-based line of the problem (1 when the whole file is missing). */
    readonly line: number,
    /** What is wrong, without the location (the message adds it). */
    readonly problem: string,
  ) {
    super(`${file}:${line}: ${problem}`);
  }
}
