// The controls catalog and technique → control mapping: types, loading and validation, mapping and
// coverage, owner hints, and renderings. Import from here.
export * from './types.ts';
export { checkControlTexts, compareControlIds, formatControlIssue, NON_MITIGATIONS, CONTROL_SCHEMA_URL } from './validate.ts';
export { CONTROLS_DIR, checkControls, controlCatalog, controlFiles, loadControls } from './load.ts';
export * from './mapping.ts';
export { ownerHint } from './owner.ts';
export { techniqueUsesOfFlow, parseTechniqueList } from './uses.ts';
export { controlCard, controlCounts, controlsTable, coverageMarkdown } from './report.ts';
export { HIPAA_SECURITY_RULE, hipaaCitation, type HipaaCitation } from './hipaa.ts';
export { controlsForThreat, flowControlMap, flowSimulationControls, type ActionControls, type FlowControlMap, type FlowControlOptions, type ThreatControl } from './flows.ts';
export { controlsVersion } from './version.ts';
