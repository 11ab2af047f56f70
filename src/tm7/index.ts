// `.tm7` import: text in, medflow architecture (object and YAML text) plus an import report out. Pure: the
// CLI reads and writes the files.
import { stringify } from 'yaml';
import type { Architecture } from '../threatmodel/model.ts';
import { convertTm7, type Tm7ImportOptions, type Tm7ImportResult } from './convert.ts';
import { readTm7 } from './read.ts';

export { readTm7 } from './read.ts';
export { convertTm7, applyTmtTriage, TMT_STATE_STATUS, type TriageApplied, type Tm7ImportOptions, type Tm7ImportReport, type Tm7ImportResult } from './convert.ts';

export interface Tm7Import extends Tm7ImportResult {
  /** The comment written at the top of `yaml`. */
  header: string;
  /** The model as YAML, with a header comment naming the source. */
  yaml: string;
}

/** Writes an architecture as YAML (keys in model order, no line folding, no anchors). */
export function architectureYaml(model: Architecture, header?: string): string {
  const body = stringify(model, { lineWidth: 0, aliasDuplicateObjects: false });
  const comment = header ? header.split('\n').map((l) => (l ? `# ${l}` : '#')).join('\n') + '\n' : '';
  return comment + body;
}

/** Imports `.tm7` text. Throws a MedflowError when the text is not a TMT model. Re-render `yaml` with
 * `architectureYaml` after changing `model` (e.g. with applyTmtTriage). */
export function importTm7(xml: string, opts: Tm7ImportOptions = {}): Tm7Import {
  const doc = readTm7(xml, opts.file);
  const result = convertTm7(doc, opts);
  const { model, report } = result;
  const c = report.counts;
  const header = [
    `medflow architecture imported from ${report.source.file ?? 'a Microsoft Threat Modeling Tool model'}` +
      `${report.source.tmt_version ? ` (TMT format ${report.source.tmt_version})` : ''}` +
      `${report.source.template ? `, template ${report.source.template}` : ''}.`,
    `${c.elements} elements, ${c.flows} flows, ${c.boundaries} boundaries, ${c.threats} TMT threats` +
      (opts.threats === false ? ' (left out).' : ' (as threat_tracking entries "tmt.*").'),
    'Kinds, hosting, operators, generic-flow protocols and tm7-* data assets are inferred: review them.',
  ].join('\n');
  return { ...result, header, yaml: architectureYaml(model, header) };
}
