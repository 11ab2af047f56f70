// The method note's worked example as a flow spec (shared by several tests).
import type { FlowSpec } from '../../src/simulate/index.ts';

export const WORKED: FlowSpec = {
  name: 'worked-example',
  nodes: [
    { key: 'S', kind: 'action', name: 'Spearphishing Link', technique: 'T1566.002', effects: ['B', 'AND1'] },
    { key: 'D', kind: 'action', name: 'Exploit Public-Facing Application', technique: 'T1190', effects: ['OR1'] },
    { key: 'B', kind: 'action', name: 'Valid Accounts: Cloud Accounts', technique: 'T1078.004', effects: ['OR1'] },
    { key: 'OR1', kind: 'operator', operator: 'OR', effects: ['AND1'] },
    { key: 'AND1', kind: 'operator', operator: 'AND', effects: ['G'] },
    { key: 'G', kind: 'action', name: 'Manipulation of Control (infusion pump)', technique: 'T0831', assets: ['pump'] },
  ],
  assets: [{ key: 'pump', name: 'Infusion pump', patientHarm: true }],
  start: ['S', 'D'],
};
