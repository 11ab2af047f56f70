// Five-party RACI (issue 6): derivation from the controls catalog and an architecture, overrides, checks,
// and the CSV / Markdown / HTML / XLSX renderings. Import from here.
export * from './types.ts';
export { deriveRaci, checkRaci, componentsFor, componentBasis, raciCell, sortFindings, ACCOUNTABILITY_PRECEDENCE, RACI_VERSION, type DeriveOptions } from './derive.ts';
export {
  resolveArchitecture, defaultOverridesFile, nearest, loadRaciOverrides, normaliseOverrides, referenceArchitectureIds, shownPath,
  ARCHITECTURES_DIR, RACI_DIR, type ResolvedArchitecture, type ResolveOptions,
} from './load.ts';
export { raciCsv, raciMarkdown, raciHtml, raciTable, RACI_COLUMNS, BASE_CSS, esc } from './render.ts';
export { raciXlsx, readRaciXlsx, fixZipTimes } from './xlsx.ts';
export { assertSchema, bestSchemaError, placeOf, readYamlFile, schemaValidator, SCHEMAS_DIR } from './schema-check.ts';
