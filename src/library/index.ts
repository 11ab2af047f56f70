// The patient-safety flow library (issue 4): authoring format, checks, compilation, scenarios and
// composition, coverage. Pure functions over content files; the CLI lives in src/cli/library.ts.
export * from './source.ts';
export * from './states.ts';
export * from './flow.ts';
export * from './compose.ts';
export * from './library.ts';
export * from './coverage.ts';
