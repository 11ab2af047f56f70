// `medflow raci MODEL`: the five-party RACI of an architecture (issue 6), derived from the controls
// catalog, the components' operators and hosting, and per-architecture overrides; CSV, XLSX, MD or HTML.
import { Command, Option } from 'commander';
import { CONTROLS_DIR, formatControlIssue, loadControls } from '../controls/index.ts';
import {
  defaultOverridesFile, deriveRaci, loadRaciOverrides, raciCsv, raciHtml, raciMarkdown, raciXlsx, resolveArchitecture,
  type RaciOverrides,
} from '../raci/index.ts';
import { MedflowError } from '../util/errors.ts';
import { action, emit } from './run.ts';

const FORMATS = ['csv', 'xlsx', 'md', 'html'] as const;
type Format = (typeof FORMATS)[number];

const collect = (value: string, previous: string[] | undefined): string[] => [...(previous ?? []), value];

function formatFor(out: string | undefined, given: string | undefined): Format {
  if (given) return given as Format;
  const ext = out?.match(/\.([a-z]+)$/i)?.[1]?.toLowerCase();
  if (ext === 'xlsx' || ext === 'csv' || ext === 'html' || ext === 'md') return ext;
  if (ext === 'htm') return 'html';
  if (ext === 'markdown') return 'md';
  return 'md';
}

const HELP = `
MODEL is an architecture file (YAML/JSON, medflow-architecture/1) or the id of a reference architecture
(${'`'}medflow raci infusion-pumps${'`'}). One row per catalog control that applies to an in-scope component.

Derivation (docs/raci.md): on each component a control applies to, the control's owner hint for the
component's hosting model (on-device, patient-home, hdo-network, cloud-iaas/paas/saas) names who does the
work (R); "operator" means the party operating the component. Accountable (exactly one) is the party
answerable on the most components: work done by the cloud provider stays the accountability of its customer
(the operator), work done by the patient that of the operator or the manufacturer. Operators of the
components who are neither R nor A are Consulted; operators of components one data flow away are Informed.

Overrides: content/raci/<id>.raci.yaml for a reference architecture, <model>.raci.yaml beside your own
model, or --overrides FILE (repeatable; schemas/raci-overrides.schema.json).

Checks: exactly one A and at least one R per control (errors, exit 1); the patient as R (warning: needs
usability evidence). Findings go to standard error.

Examples:
  $ medflow raci infusion-pumps                          Markdown to standard output
  $ medflow raci home-rpm --format xlsx -o raci.xlsx     Excel workbook (RACI, Derivation, Findings, About)
  $ medflow raci my-device.yaml -o raci.html             self-contained HTML page
  $ medflow raci my-device.yaml --format csv | column -s, -t`;

export function registerRaciCommand(program: Command): void {
  program
    .command('raci')
    .description('five-party RACI (csp, mdm, hdo, ehr-vendor, patient) of every control that applies to an architecture')
    .argument('<model>', 'architecture file or reference architecture id')
    .addOption(new Option('-f, --format <format>', 'output format (default: from the -o extension, else md)').choices([...FORMATS]))
    .option('-o, --output <file>', 'write to a file instead of standard output')
    .option('--overrides <file>', 'RACI overrides file (repeatable; replaces the default side file)', collect)
    .option('--no-default-overrides', 'ignore content/raci/<id>.raci.yaml or <model>.raci.yaml')
    .option('--controls <path>', 'controls file or folder instead of the shipped catalog (repeatable)', collect)
    .addHelpText('after', HELP)
    .action(action(async (model: string, opts: { format?: string; output?: string; overrides?: string[]; defaultOverrides: boolean; controls?: string[] }) => {
      const format = formatFor(opts.output, opts.format);
      if (format === 'xlsx' && (!opts.output || opts.output === '-')) throw new MedflowError('xlsx output needs -o FILE (it is a binary format)', {}, 2);
      const arch = resolveArchitecture(model);
      const set = loadControls(opts.controls?.length ? opts.controls : [CONTROLS_DIR]);
      for (const w of set.warnings) process.stderr.write(`medflow: ${formatControlIssue(w)}\n`);
      const files = opts.overrides?.length ? opts.overrides : opts.defaultOverrides ? [defaultOverridesFile(arch)].filter((f): f is string => !!f) : [];
      const overrides: RaciOverrides[] = files.map((f) => loadRaciOverrides(f));
      const m = deriveRaci(arch.model, set.controls, { overrides });
      for (const f of m.findings) process.stderr.write(`medflow: ${arch.file}: ${f.control ? `${f.control}: ` : ''}${f.severity}: ${f.message} [${f.code}]\n`);
      const out = format === 'csv' ? raciCsv(m) : format === 'md' ? raciMarkdown(m) : format === 'html' ? raciHtml(m) : await raciXlsx(m);
      emit(out, opts.output);
      if (m.findings.some((f) => f.severity === 'error')) process.exitCode = 1;
    }));
}
