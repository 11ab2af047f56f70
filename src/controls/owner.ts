// Default owner hints of controls: which party is, by default, accountable for a control on a component
// of a given hosting model. RACI (issue 6) starts from these and applies per-architecture overrides.
import type { HostingModel, Party } from '../vocab/index.ts';
import type { Control, OwnerValue } from './types.ts';

/**
 * The owner hint for `control` on a component hosted as `hosting`: the value given for that hosting model,
 * else the control's `default`. `operator` stands for the party operating the component; pass `operator`
 * to resolve it to a party.
 */
export function ownerHint(control: Pick<Control, 'owner'>, hosting: HostingModel): OwnerValue;
export function ownerHint(control: Pick<Control, 'owner'>, hosting: HostingModel, operator: Party): Party;
export function ownerHint(control: Pick<Control, 'owner'>, hosting: HostingModel, operator?: Party): OwnerValue {
  // Validation guarantees that either `default` or every hosting model is present.
  const v = control.owner[hosting] ?? control.owner.default ?? 'operator';
  return v === 'operator' && operator ? operator : v;
}
