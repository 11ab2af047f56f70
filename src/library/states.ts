// The attacker-state vocabulary (content/states.yaml): the named states at which library flows split
// and join, each with a short meaning. Flows' entry/exit states and scenario links must use these.
import { isPlainObject } from '../util/json.ts';
import { YamlFile, type SourceIssue } from './source.ts';

export const STATE_RE = /^(foothold|credential|access|control|position|knowledge):[a-z0-9]+(-[a-z0-9]+)*$/;

export interface StateVocabulary {
  file: string;
  /** State id → meaning. */
  states: Map<string, string>;
}

export function readStates(y: YamlFile, issues: SourceIssue[]): StateVocabulary {
  const states = new Map<string, string>();
  const root = y.data;
  if (!isPlainObject(root) || !isPlainObject(root.states)) {
    issues.push(y.issue('error', 'states-shape', 'expected a mapping "states:" of state id to meaning'));
    return { file: y.file, states };
  }
  for (const [id, meaning] of Object.entries(root.states)) {
    if (!STATE_RE.test(id)) {
      issues.push(y.issue('error', 'state-name', `state "${id}" must look like kind:subject with kind one of foothold, credential, access, control, position, knowledge`, ['states', id]));
    } else if (typeof meaning !== 'string' || meaning.trim().length < 10) {
      issues.push(y.issue('error', 'state-meaning', `state "${id}" needs a one-sentence meaning`, ['states', id]));
    }
    states.set(id, typeof meaning === 'string' ? meaning.trim() : '');
  }
  return { file: y.file, states };
}
