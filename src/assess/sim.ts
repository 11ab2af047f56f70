// The assessment's bridge to the simulation engine: the engine functions it uses, and the model of one
// flow with a profile's actual control statuses (for time to harm, which needs a full analysis).
import { flowSimulationControls } from '../controls/index.ts';
import { buildModel, type SimModel } from '../simulate/index.ts';
import type { ControlEffectiveness } from '../vocab/index.ts';
import { flowParams, type Prepared, type PreparedFlow } from './prepare.ts';
import type { AssessStatus } from './profile.ts';

export { analyzeModel, evaluateControlSet, ENGINE_VERSION as SIMULATE_VERSION, type ControlStatus } from '../simulate/index.ts';

/** A flow's model with the given statuses in force ("unknown" counts as not implemented). */
export function flowSimulationControlsStatus(
  prep: Prepared, pf: PreparedFlow, status: (id: string) => AssessStatus, eff: Readonly<Record<string, ControlEffectiveness>>,
): SimModel {
  const params = flowParams(pf, prep.controls, prep.horizonDays, { effectiveness: eff });
  const sim = new Map(flowSimulationControls(pf.map, prep.controls).map((c) => [c.id, c]));
  params.controls = params.controls.map((c) => {
    const s = status(c.id);
    return { ...c, status: s === 'implemented' || s === 'partial' ? s : 'not-implemented', mitigates: sim.get(c.id)!.mitigates };
  });
  return buildModel(pf.graph, params);
}
