// medflow's attack simulation engine (public API): exact and Monte Carlo reachability, time to
// compromise, structural analysis (minimal attacks, cut sets) and control what-ifs on Attack Flows.
export {
  analyze, analyzeAsync, analyzeModel, analyzeModelAsync, evaluateControlSet, rankControls, minimalControlSets, structure,
  compiled, ENGINE_VERSION, type StructureOptions,
  type AnalyzeOptions, type AsyncAnalyzeOptions, type ControlResult, type ControlSetEvaluation, type Estimate, type Method,
  type SimulationResult,
} from './analyze.ts';
export { controlSetsFrom, type MinimalControlSets } from './controls.ts';
export { structuralAnalysis, compileModel, gateProbabilities, type Structure, type CompiledModel } from './exact.ts';
export { buildModel, variableProbabilities, type SimModel, type ModelOptions, type ActionVar, type ResolvedControl } from './model.ts';
export {
  loadParams, parseParams, emptyParams, DEFAULT_CONTROL_MODEL, DEFAULT_HORIZON_DAYS, CONTROL_STATUSES, EFFECTIVENESS_LEVELS,
  type SimulationParams, type ActionParam, type ControlSpec, type ControlModel, type ControlStatus, type Effectiveness,
} from './params.ts';
export { BANDS, cdf, type Dist } from './distributions.ts';
export { WorkerPool } from './runner.ts';
export { resultJson, resultJsonText, formatResult } from './report.ts';
export { flowFromSpec, syntheticFlow, syntheticSpec, type FlowSpec, type SpecNode } from './synthetic.ts';
