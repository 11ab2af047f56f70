// Shared plumbing of the command-line shell: error reporting without stack traces, exit codes,
// and output helpers. Commands are thin: they parse options, call pure functions and print.
import { InvalidArgumentError } from 'commander';
import { isMedflowError } from '../util/errors.ts';
import { writeText } from '../util/io.ts';

/** Wraps a command action: user errors print one clear line and set the exit status. */
export function action<A extends unknown[]>(fn: (...args: A) => Promise<void> | void): (...args: A) => Promise<void> {
  return async (...args: A) => {
    try {
      await fn(...args);
    } catch (e) {
      reportError(e);
    }
  };
}

export function reportError(e: unknown): void {
  if (isMedflowError(e)) {
    process.stderr.write(`medflow: error: ${e.describe()}\n`);
    process.exitCode = e.exitCode;
    return;
  }
  const err = e as Error;
  process.stderr.write(`medflow: internal error: ${err?.message ?? String(e)}\n`);
  if (process.env.MEDFLOW_DEBUG) process.stderr.write(`${err?.stack ?? ''}\n`);
  else process.stderr.write('(this is a bug in medflow; set MEDFLOW_DEBUG=1 for details and please report it)\n');
  process.exitCode = 70;
}

/** Writes to a file when `out` is given, else to standard output. */
export function emit(text: string | Uint8Array, out?: string): void {
  if (out && out !== '-') {
    writeText(out, text);
    process.stderr.write(`wrote ${out}\n`);
  } else {
    process.stdout.write(text);
  }
}

/** Progress line on standard error, shown only on a terminal so that logs and pipes stay clean. */
export function progress(message: string): void {
  if (process.stderr.isTTY) process.stderr.write(`\r\x1b[K${message}`);
}

export function progressDone(): void {
  if (process.stderr.isTTY) process.stderr.write('\r\x1b[K');
}

/** Parses a numeric option, rejecting junk with a clear message. */
export function intOption(name: string, min = 0, max = Number.MAX_SAFE_INTEGER) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < min || n > max) {
      throw new InvalidArgumentError(`${name} must be a whole number from ${min} to ${max}, got "${value}"`);
    }
    return n;
  };
}
