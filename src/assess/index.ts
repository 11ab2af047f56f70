// Device security assessment (issue 6): device profiles, the declared acceptance matrix and score
// definition, per-architecture preparation, the pure assessment, and its JSON / Markdown / HTML reports.
export * from './types.ts';
export { ASSESS_STATUSES, PROFILE_FORMAT, loadProfile, profileFromYaml, profileArchitecture, profileFiles, closestIds, type AssessStatus, type DeviceProfile, type ControlClaim, type EvidenceItem, type Mds2Answer } from './profile.ts';
export { ACCEPTANCE_FILE, SCORE_FILE, SUB_SCORES, loadAcceptance, loadScoreDefinition, exploitabilityLevel, requiresGuardedPaths, type AcceptanceMatrix, type ScoreDefinition, type SubScore } from './policy.ts';
export { prepare, relevantContent, libraryVersion, modelFor, MC_SAMPLES, type Prepared, type PreparedFlow, type PrepareOptions } from './prepare.ts';
export { assessProfile, effectiveStatuses, minHittingSet, reductionCredit, fmtP, ASSESS_VERSION, type AssessContext } from './engine.ts';
export { summariseSbom, loadSbom, END_OF_SUPPORT_PROPERTIES, SUPPORT_LEVEL_PROPERTIES, type SbomSummary } from './sbom.ts';
export { AssessSession, assessPaths, MEDFLOW_VERSION, type AssessRunOptions } from './load.ts';
export { assessmentMarkdown } from './report-md.ts';
export { assessmentHtml } from './report-html.ts';
export { summaryText } from './summary.ts';

import { canonicalJson } from '../util/json.ts';
import type { AssessmentResult } from './types.ts';
/** The JSON report: canonical (sorted keys, two-space indent), no timestamps, byte-identical for the same input and seed. */
export const assessmentJson = (r: AssessmentResult): string => canonicalJson(r);
