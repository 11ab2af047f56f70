// Errors a user can act on. Every problem with user input becomes a MedflowError that names the
// file and, where known, the place in it; the CLI prints these without a stack trace.

export interface ErrorPlace {
  /** Path of the file the problem is in. */
  file?: string;
  /** Where in the file: a JSON pointer, a property path, a STIX id or "line:col". */
  at?: string;
}

export class MedflowError extends Error {
  readonly file?: string;
  readonly at?: string;
  /** Process exit status the CLI uses for this error (2 = unusable input, 1 = failed check). */
  readonly exitCode: number;

  constructor(message: string, place: ErrorPlace = {}, exitCode = 2) {
    super(message);
    this.name = 'MedflowError';
    this.file = place.file;
    this.at = place.at;
    this.exitCode = exitCode;
  }

  /** "file: at: message", leaving out the parts that are unknown. */
  describe(): string {
    return [this.file, this.at, this.message].filter((s) => s !== undefined && s !== '').join(': ');
  }

  /** A copy of this error attributed to `file` (kept when the error already names one). */
  inFile(file: string): MedflowError {
    if (this.file) return this;
    return new MedflowError(this.message, { file, at: this.at }, this.exitCode);
  }
}

export function isMedflowError(e: unknown): e is MedflowError {
  return e instanceof MedflowError;
}

/** Throws a MedflowError when `cond` is false. */
export function check(cond: unknown, message: string, place: ErrorPlace = {}): asserts cond {
  if (!cond) throw new MedflowError(message, place);
}
