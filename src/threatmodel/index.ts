// Public API of the threat-model feature: load and check an architecture, index it, run the rules, lint the
// result and write it in a registered format.
export * from './model.ts';
export { architectureSchema, SCHEMA_ID, COMPONENT_SECURITY_PROPERTIES } from './schema.ts';
export { loadArchitecture, loadValidArchitecture, parseArchitectureText, checkArchitecture, formatModelIssue, type LoadedArchitecture, type ModelIssue } from './load.ts';
export { buildIndex, type ModelIndex, type ComponentNode, type FlowNode, type BoundaryNode, type ElementNode } from './graph.ts';
export { loadRules, builtinRules, RULES_DIR, STRIDE_PER_ELEMENT, type RuleSet, type CompiledRule, type RuleSource } from './rules.ts';
export { defaultRiskMatrix, checkRiskMatrix, exploitabilityScore, riskLevel, type RiskMatrix } from './risk.ts';
export { evaluate, buildFlowIndex, trackingFor, ENGINE_VERSION, type EvaluateOptions, type FlowIndex, type ThreatModelResult, type RuleError } from './engine.ts';
export { lintModel, type LintResult } from './lint.ts';
export { THREAT_FORMATS, registerThreatFormat, threatFormatByName, threatFormatForFile, type ThreatReportFormat, type ThreatReportInput } from './formats.ts';
