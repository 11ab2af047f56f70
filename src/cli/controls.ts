// `medflow controls list|show|validate|coverage|params`: browse and check the security controls catalog,
// map techniques to controls, report coverage gaps of flows, and emit the simulation engine's control set.
import { Command, Option } from 'commander';
import { stringify as yamlStringify } from 'yaml';
import { catalog } from '../catalog/index.ts';
import {
  CONTROLS_DIR, checkControls, controlCard, controlCounts, controlsForTechnique, controlsTable, coverageMarkdown,
  coverageReport, formatControlIssue, loadControls, parseTechniqueList, techniqueUsesOfFlow, techniquesCoveredBy,
  toSimulationControls, ownerHint, type LoadedControl, type TechniqueUse,
} from '../controls/index.ts';
import { loadFlowFile } from '../flow/load.ts';
import { loadLibrary } from '../library/index.ts';
import { MedflowError } from '../util/errors.ts';
import { readText } from '../util/io.ts';
import { canonicalJson } from '../util/json.ts';
import { formatIssue } from '../util/issue.ts';
import {
  COMPONENT_KINDS, CONTROL_FUNCTIONS, CONTROL_STATUSES, FDA_CATEGORIES, HOSTING_MODELS, type ControlStatus,
} from '../vocab/index.ts';
import { action, emit } from './run.ts';

const collect = (value: string, previous: string[] | undefined): string[] => [...(previous ?? []), value];

const controlsOption = () =>
  new Option('--controls <path>', 'controls file or folder to use instead of the shipped catalog (repeatable)')
    .argParser(collect)
    .default([] as string[], 'content/controls');

function loadSelected(paths: string[]): LoadedControl[] {
  const set = loadControls(paths.length ? paths : [CONTROLS_DIR]);
  for (const w of set.warnings) process.stderr.write(`medflow: ${formatControlIssue(w)}\n`);
  return set.controls;
}

/** Technique uses from --techniques list files and --flows Attack Flow files. */
function readUses(opts: { techniques?: string[]; flows?: string[]; library?: boolean }): TechniqueUse[] {
  const uses: TechniqueUse[] = [];
  if (opts.library) {
    const lib = loadLibrary(undefined, { validate: false });
    for (const f of lib.flows) for (const a of f.source.actions) uses.push({ technique: a.technique, source: `${f.source.id}/${a.key}` });
  }
  for (const f of opts.techniques ?? []) uses.push(...parseTechniqueList(readText(f), f));
  for (const f of opts.flows ?? []) {
    const loaded = loadFlowFile(f);
    for (const w of loaded.warnings) process.stderr.write(`medflow: ${formatIssue(w, 'warning', f)}\n`);
    uses.push(...techniqueUsesOfFlow(loaded.graph, f));
  }
  return uses;
}

const EXAMPLES = {
  list: `
Examples:
  $ medflow controls list                              every control, one per line
  $ medflow controls list --category authentication    one FDA premarket category
  $ medflow controls list --component ml-service       controls that apply to ML services
  $ medflow controls list --technique T1078.004        controls that mitigate a technique
  $ medflow controls list --json > controls.json       the full catalog as JSON

Categories:  ${FDA_CATEGORIES.join(', ')}
Components:  ${COMPONENT_KINDS.join(', ')}`,
  show: `
Shows every field of one control, with names for the ATT&CK/ATLAS ids, the owner hint for each hosting
model and every technique the control covers.

Examples:
  $ medflow controls show MF-AUTH-04
  $ medflow controls show MF-INTEG-12 --json`,
  validate: `
Checks controls files against schemas/control.schema.json and the ATT&CK/ATLAS catalog: required fields,
id formats (NIST SP 800-53 r5, HIPAA 45 CFR 164.3xx, MDS2 item ids), vocabularies (FDA category, component
kind, party), that every mitigation and technique id exists and is neither revoked nor deprecated, that
control ids are unique across files, and that each owner hint covers every hosting model.
Findings read FILE:LINE: CONTROL: PROPERTY: error|warning: message [code]. Exit status 1 when any error.

Examples:
  $ medflow controls validate                          the shipped catalog (content/controls)
  $ medflow controls validate my-controls/             your own controls (folder or files)`,
  coverage: `
Lists the techniques that no control mitigates (gaps) and, for the others, which controls cover them.
Techniques come from list files (one id per line, or a JSON/YAML list) and/or Attack Flow files (STIX
bundles; .afb once the importer is in). Ids are trimmed, unambiguous typos repaired (T1218/011 →
T1218.011), revoked ids followed to their replacement; ids that name no technique are listed apart.
A parent technique counts as covered only by controls covering the parent itself; controls covering some
of its sub-techniques are shown as a hint. See docs/controls.md.

Examples:
  $ medflow controls coverage --flows flows/*.json
  $ medflow controls coverage --techniques used.txt --format json -o coverage.json
  $ medflow controls coverage --flows flow.json --fail-on-gaps        # for CI`,
  params: `
Writes the control set the simulation engine takes ({id, mitigates, status, effectiveness}), with
mitigation ids already resolved to technique ids. With --flows or --techniques, only controls covering
one of those techniques are kept and "mitigates" is cut down to them.

Examples:
  $ medflow controls params --flows flow.json -o controls.params.yaml
  $ medflow controls params --status partial --json`,
};

export function registerControlsCommands(program: Command): void {
  const controls = program
    .command('controls')
    .description('security controls catalog: browse, validate, map techniques to controls, coverage gaps')
    .addHelpText(
      'after',
      `
Each control has an id (MF-AUTH-01), an FDA premarket category, a function (prevent, detect, respond,
recover), NIST SP 800-53 r5 and HIPAA citations, the ATT&CK/ATLAS mitigations and techniques it covers,
the component kinds it applies to, evidence types (with MDS2 item ids), a default effectiveness and a
default owner per hosting model. Format and mapping rules: docs/controls.md.`,
    );

  controls
    .command('list')
    .description('list controls, optionally filtered')
    .addOption(new Option('--category <category>', 'only this FDA premarket category').choices(FDA_CATEGORIES))
    .addOption(new Option('--component <kind>', 'only controls that apply to this component kind').choices(COMPONENT_KINDS))
    .addOption(new Option('--function <function>', 'only this function').choices(CONTROL_FUNCTIONS))
    .option('--technique <id>', 'only controls that mitigate this ATT&CK/ATLAS technique')
    .option('--json', 'print the controls as JSON')
    .addOption(controlsOption())
    .addHelpText('after', EXAMPLES.list)
    .action(
      action((opts: { category?: string; component?: string; function?: string; technique?: string; json?: boolean; controls: string[] }) => {
        let list: LoadedControl[] = loadSelected(opts.controls);
        if (opts.technique) list = controlsForTechnique(opts.technique, list);
        list = list.filter(
          (c) =>
            (!opts.category || c.category === opts.category) &&
            (!opts.component || (c.applies_to as string[]).includes(opts.component)) &&
            (!opts.function || c.function === opts.function),
        );
        if (opts.json) return emit(canonicalJson(list));
        emit(controlsTable(list));
        const counts = controlCounts(list);
        const byFn = Object.entries(counts.function).map(([k, v]) => `${v} ${k}`).join(', ');
        process.stderr.write(`${list.length} control(s): ${byFn}\n`);
      }),
    );

  controls
    .command('show')
    .description('show one control in full')
    .argument('<id>', 'control id, e.g. MF-AUTH-04')
    .option('--json', 'print as JSON, with covered techniques and the owner per hosting model')
    .addOption(controlsOption())
    .addHelpText('after', EXAMPLES.show)
    .action(
      action((id: string, opts: { json?: boolean; controls: string[] }) => {
        const list = loadSelected(opts.controls);
        const c = list.find((x) => x.id === id) ?? list.find((x) => x.id.toLowerCase() === id.trim().toLowerCase());
        if (!c) {
          const near = list.map((x) => x.id).filter((x) => x.split('-').slice(0, -1).join('-') === id.toUpperCase().split('-').slice(0, -1).join('-'));
          const hint = near.length ? `; ids in that group: ${near.join(', ')}` : '; run `medflow controls list` for all ids';
          throw new MedflowError(`no control with id "${id}"${hint}`);
        }
        if (opts.json) {
          const owners = Object.fromEntries(HOSTING_MODELS.map((h) => [h, ownerHint(c, h)]));
          return emit(canonicalJson({ ...c, covers: techniquesCoveredBy(c), owner_by_hosting: owners, source: c.source }));
        }
        emit(controlCard(c, catalog(), process.stdout.columns && process.stdout.columns > 60 ? process.stdout.columns : 100));
      }),
    );

  controls
    .command('validate')
    .description('check controls files (default: the shipped catalog)')
    .argument('[paths...]', 'controls files or folders (default: content/controls)')
    .option('--json', 'print findings as JSON')
    .addHelpText('after', EXAMPLES.validate)
    .action(
      action((paths: string[], opts: { json?: boolean }) => {
        const set = checkControls(paths.length ? paths : [CONTROLS_DIR]);
        if (opts.json) {
          emit(
            canonicalJson({
              files: set.files,
              controls: set.controls.length,
              errors: set.errors,
              warnings: set.warnings,
              counts: controlCounts(set.controls),
            }),
          );
        } else {
          for (const i of [...set.errors, ...set.warnings]) process.stdout.write(formatControlIssue(i) + '\n');
          const counts = controlCounts(set.controls);
          const perCat = Object.entries(counts.category).map(([k, v]) => `${k} ${v}`).join(', ');
          process.stdout.write(
            `${set.errors.length === 0 ? 'ok' : 'FAILED'}: ${set.controls.length} valid control(s) in ${set.files.length} file(s), ` +
              `${set.errors.length} error(s), ${set.warnings.length} warning(s)\n`,
          );
          if (set.controls.length) process.stdout.write(`per category: ${perCat}\n`);
        }
        if (set.errors.length) process.exitCode = 1;
      }),
    );

  controls
    .command('coverage')
    .description('which techniques no control mitigates (gaps): of the flow library (default), technique lists or Attack Flow files')
    .option('--techniques <file>', 'file of technique ids (text, JSON or YAML list); repeatable', collect)
    .option('--flows <files...>', 'Attack Flow files (.json STIX bundles, .afb)')
    .option('--library', "every technique of medflow's attack flow library (the default when no other input is given)")
    .addOption(new Option('--format <format>', 'output format').choices(['md', 'json']).default('md'))
    .option('-o, --output <file>', 'write the report to a file instead of standard output')
    .option('--fail-on-gaps', 'exit with status 1 when any technique is not mitigated')
    .addOption(controlsOption())
    .addHelpText('after', EXAMPLES.coverage)
    .action(
      action((opts: { techniques?: string[]; flows?: string[]; library?: boolean; format: 'md' | 'json'; output?: string; failOnGaps?: boolean; controls: string[] }) => {
        if (!opts.techniques?.length && !opts.flows?.length) opts.library = true;
        const list = loadSelected(opts.controls);
        const report = coverageReport(readUses(opts), list);
        emit(opts.format === 'json' ? canonicalJson(report) : coverageMarkdown(report), opts.output);
        if (opts.failOnGaps && report.gap_count > 0) {
          process.stderr.write(`medflow: ${report.gap_count} technique(s) not mitigated by any control\n`);
          process.exitCode = 1;
        }
      }),
    );

  controls
    .command('params')
    .description("write the simulation engine's control parameters ({id, mitigates, status, effectiveness})")
    .option('--techniques <file>', 'keep only controls covering techniques in this list file (repeatable)', collect)
    .option('--flows <files...>', 'keep only controls covering techniques used in these Attack Flow files')
    .addOption(new Option('--status <status>', 'status given to every control').choices(CONTROL_STATUSES).default('implemented'))
    .option('--json', 'JSON output (default: YAML, or by the extension of -o)')
    .option('-o, --output <file>', 'write to a file (.yaml, .yml or .json)')
    .addOption(controlsOption())
    .addHelpText('after', EXAMPLES.params)
    .action(
      action((opts: { techniques?: string[]; flows?: string[]; status: ControlStatus; json?: boolean; output?: string; controls: string[] }) => {
        const list = loadSelected(opts.controls);
        const restrict = opts.techniques?.length || opts.flows?.length ? readUses(opts).map((u) => u.technique) : undefined;
        const sim = toSimulationControls(list, { status: opts.status, techniques: restrict });
        const asJson = opts.json || /\.json$/i.test(opts.output ?? '');
        const doc = { controls: sim };
        emit(asJson ? canonicalJson(doc) : yamlStringify(doc, { lineWidth: 0, flowCollectionPadding: false }), opts.output);
      }),
    );
}
