// `medflow import tm7 FILE [-o MODEL.yaml]`: Microsoft Threat Modeling Tool models into medflow architectures.
import type { Command } from 'commander';
import { MedflowError } from '../util/errors.ts';
import { readText } from '../util/io.ts';
import { canonicalJson } from '../util/json.ts';
import { formatIssue } from '../util/issue.ts';
import { architectureYaml, applyTmtTriage, importTm7 } from '../tm7/index.ts';
import { checkArchitecture, evaluate, formatModelIssue } from '../threatmodel/index.ts';
import { action, emit } from './run.ts';

export function registerImportCommands(program: Command): void {
  const imp = program
    .command('import')
    .description('import models from other tools into medflow formats');

  imp
    .command('tm7')
    .description('import a Microsoft Threat Modeling Tool .tm7 model as a medflow architecture (YAML)')
    .argument('<file>', '.tm7 file')
    .option('-o, --output <file>', 'write the architecture here (default: standard output)')
    .option('--id <id>', 'model id (default: from the model name)')
    .option('--no-tmt-threats', 'leave TMT\'s threats out of threat_tracking')
    .option('--json', 'print the import report (counts, crossings, id mapping, warnings) as JSON on standard output; needs -o')
    .addHelpText('after', `
What is imported:
  stencils     → components: kind, DFD role, hosting and operator from the stencil and the label, weak guesses
                 settled by the trust zone; the stencil name is kept in a "tmt-stencil:" tag
  connectors   → data flows: protocol from the stencil or "Physical Network" (generic flows: http, or ipc on one
                 device, or local-ui for people); encryption, integrity, authentication from TMT's attributes
  boundaries   → trust boundaries with members: TMT stores only geometry, so crossings are computed (a line
                 boundary is crossed when the flow curve meets it, a border boundary when one end is inside)
                 and members are chosen so that medflow sees the same crossings
  threats      → threat_tracking entries "tmt.<threat type>@<flow>" with TMT id, title, category, priority,
                 state and justification; triaged TMT threats (Mitigated, NotApplicable, NeedsInvestigation)
                 also give their status to the matching medflow threat (same flow, same STRIDE category)
  diagrams     → security use case views, one per non-empty diagram
Data assets (ids "tm7-…") are inferred from PHI attributes, flow labels and sensor sources: review them.
The XML is read without a DTD: files declaring entities are refused.

Exit status: 0 imported, 1 the result does not validate (please report it), 2 the file is not a .tm7 model.

Examples:
  medflow import tm7 Telesurgery.tm7 -o telesurgery.yaml
  medflow import tm7 model.tm7 -o model.yaml --json | jq '.counts'
  medflow threats telesurgery.yaml --format html -o telesurgery.html`)
    .action(action((file: string, opts: { output?: string; id?: string; tmtThreats?: boolean; json?: boolean }) => {
      if (opts.json && !opts.output) throw new MedflowError('--json prints the import report on standard output; give the model file with -o');
      const text = readText(file);
      const imported = importTm7(text, { file, id: opts.id, threats: opts.tmtThreats !== false });
      const checked = checkArchitecture(JSON.parse(JSON.stringify(imported.model)), { file: opts.output ?? 'imported model' });
      if (checked.errors.length > 0) {
        for (const e of checked.errors) process.stderr.write(`${formatModelIssue(e)}\n`);
        throw new MedflowError('the imported model does not validate (this is a bug in the importer; please report it)', { file }, 1);
      }
      const result = evaluate(imported.model, { file: opts.output });
      const applied = applyTmtTriage(imported, result.threats);
      const yaml = applied.length ? architectureYaml(imported.model, imported.header) : imported.yaml;
      emit(yaml, opts.output);
      const r = imported.report;
      const c = r.counts;
      const cats = Object.entries(r.threats_by_category).sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([k, n]) => `${k} ${n}`).join(', ');
      const lines = [
        `${file}: ${c.elements} elements (${c.components} components, ${c.annotations} annotations), ${c.flows} flows, ` +
          `${c.boundaries} boundaries (${c.line_boundaries} line, ${c.border_boundaries} border), ${c.threats} TMT threats` +
          (c.threats ? ` (${cats})` : ''),
        `  ${r.crossings.filter((x) => x.geometric.length).length} flows cross a boundary; ${result.threats.length} medflow threats` +
          `${applied.length ? `, ${applied.length} given TMT's triage` : ''}${result.rule_errors.length ? `, ${result.rule_errors.length} rule errors` : ''}`,
        ...r.warnings.map((w) => `  ${formatIssue(w, 'warning')}`),
        ...result.rule_errors.map((e) => `  rule error: ${e.rule}${e.element ? ` on ${e.element}` : ''}: ${e.message}`),
      ];
      process.stderr.write(lines.join('\n') + '\n');
      if (opts.json) process.stdout.write(canonicalJson({ ...r, medflow_threats: result.threats.length, triage_applied: applied }));
    }));
}
