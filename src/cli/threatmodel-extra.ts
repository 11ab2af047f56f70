// `medflow model render MODEL` and `medflow model diff OLD NEW` (issue 5), and the Markdown, HTML and SARIF
// report formats of `medflow threats`, plugged into the threat-format registry when this module loads.
import { readFileSync } from 'node:fs';
import { Command, Option } from 'commander';
import { MedflowError } from '../util/errors.ts';
import { readText } from '../util/io.ts';
import { canonicalJson } from '../util/json.ts';
import {
  builtinRules, evaluate, lintModel, loadRules, loadValidArchitecture, RULES_DIR, registerThreatFormat,
  type RuleSet, type ThreatReportInput as EngineReportInput,
} from '../threatmodel/index.ts';
import { THREAT_REPORT_FORMATS, type ThreatReportInput } from '../threatmodel/report/index.ts';
import { elementLines } from '../threatmodel/report/lines.ts';
import { DIAGRAM_FORMATS, diagramFormatForFile, viewNames, type DiagramFormatName } from '../threatmodel/diagram/index.ts';
import { diffModels, formatModelDiff } from '../threatmodel/diff.ts';
import { action, emit } from './run.ts';

const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };

/** Lint codes left out of reports: the report lists untriaged threats itself. */
const REPORT_LINT_SKIP = new Set(['untriaged']);

/** Turns what `medflow threats` has (result, model, index, lint?) into report input. */
export function reportInput(input: EngineReportInput): ThreatReportInput {
  const { result, model, index } = input;
  const file = result.architecture.file;
  let lint = input.lint;
  // lint judges the whole threat model: skip it when threats were filtered (e.g. --min-risk)
  if (!lint && result.threats.length === result.summary.threats) lint = lintModel(model, { result, index });
  let lines: Map<string, number> | undefined;
  const lineOf = (id: string) => {
    if (!file) return undefined;
    if (!lines) {
      try {
        lines = elementLines(readText(file));
      } catch {
        lines = new Map();
      }
    }
    return lines.get(id);
  };
  return {
    model,
    threats: result.threats,
    lint: lint && {
      errors: lint.errors.filter((i) => !REPORT_LINT_SKIP.has(i.code)),
      warnings: lint.warnings.filter((i) => !REPORT_LINT_SKIP.has(i.code)),
    },
    rules: builtinRules().rules,
    file,
    lineOf,
    engine: result.engine,
    tool: { name: 'medflow', version: pkg.version },
  };
}

for (const name of ['md', 'html', 'sarif'] as const) {
  const f = THREAT_REPORT_FORMATS[name];
  registerThreatFormat({ name, extensions: f.extensions, description: f.description, write: (i) => f.render(reportInput(i)) });
}

const collect = (v: string, prev: string[] = []) => [...prev, v];
function rulesFrom(opts: { rules?: string[]; builtinRules?: boolean }): RuleSet {
  if (!opts.rules?.length) return builtinRules();
  return loadRules([...(opts.builtinRules === false ? [] : [RULES_DIR]), ...opts.rules]);
}

export function registerThreatModelExtras(program: Command): void {
  const model = program.commands.find((c) => c.name() === 'model')
    ?? program.command('model').description('check architecture models and their threat triage');

  model
    .command('render')
    .description('draw the data-flow diagram of an architecture (DOT, SVG or Mermaid), optionally one FDA view')
    .argument('<model>', 'architecture file (.yaml, .yml or .json)')
    .addOption(new Option('-f, --format <format>', 'output format (default: from -o extension, else dot)').choices(Object.keys(DIAGRAM_FORMATS)))
    .option('-o, --output <file>', 'write to a file instead of standard output')
    .option('--view <view>', 'draw one FDA view: global-system, multi-patient-harm, updatability-patchability or security-use-case:<id>')
    .addOption(new Option('--direction <dir>', 'layout direction').choices(['LR', 'TB']).default('LR'))
    .option('--no-assets', 'leave data assets off the flow labels')
    .addHelpText('after', `
Trust boundaries are nested clusters (subgraphs in Mermaid); processes are ellipses, data stores cylinders,
external entities boxes; safety-critical components are outlined red and marked ⚕; flows carry protocol
and data assets, and flows that cross a trust boundary are drawn bold orange.

Examples:
  medflow model render content/architectures/home-rpm.yaml -o home-rpm.svg
  medflow model render home-rpm.yaml --format mermaid --view multi-patient-harm
  medflow model render home-rpm.yaml | dot -Tpng > dfd.png`)
    .action(action(async (file: string, opts: { format?: DiagramFormatName; output?: string; view?: string; direction?: 'LR' | 'TB'; assets?: boolean }) => {
      const format = opts.format ?? (opts.output ? diagramFormatForFile(opts.output) : undefined) ?? 'dot';
      const { model: m } = loadValidArchitecture(file);
      let text: string;
      try {
        text = await DIAGRAM_FORMATS[format].render(m, { view: opts.view, direction: opts.direction, assets: opts.assets });
      } catch (e) {
        if (e instanceof MedflowError) throw e;
        if (opts.view && !viewNames(m).includes(opts.view)) throw new MedflowError((e as Error).message, { file });
        throw e;
      }
      emit(text, opts.output);
    }));

  model
    .command('diff')
    .description('compare two versions of an architecture: elements, flows, boundaries, threats and triage')
    .argument('<old>', 'older architecture file')
    .argument('<new>', 'newer architecture file')
    .option('--json', 'print the differences as JSON')
    .option('--no-threats', 'compare the architectures only (do not run the rules)')
    .option('--rules <dir-or-file>', 'add rules from a folder of YAML rule files (repeatable)', collect)
    .option('--no-builtin-rules', 'use only the rules given with --rules')
    .addHelpText('after', `
Components, flows, boundaries, data assets and tracking entries are matched by id and compared field by
field; threats are matched by their stable id ("rule@element") and compared on risk, harm severity and
reach, exploitability, STRIDE, techniques and status. Exit status is 0 whether or not they differ
(2 when a file cannot be read, 1 when one is invalid).

Examples:
  medflow model diff v1/device.yaml v2/device.yaml
  git show HEAD~1:device.yaml > /tmp/old.yaml && medflow model diff /tmp/old.yaml device.yaml --json`)
    .action(action((oldFile: string, newFile: string, opts: { json?: boolean; threats?: boolean; rules?: string[]; builtinRules?: boolean }) => {
      const a = loadValidArchitecture(oldFile).model;
      const b = loadValidArchitecture(newFile).model;
      const rules = opts.threats === false ? undefined : rulesFrom(opts);
      const ta = rules ? evaluate(a, { rules }).threats : undefined;
      const tb = rules ? evaluate(b, { rules }).threats : undefined;
      const d = diffModels({ model: a, threats: ta, file: oldFile }, { model: b, threats: tb, file: newFile });
      emit(opts.json ? canonicalJson(d) : formatModelDiff(d));
    }));
}
