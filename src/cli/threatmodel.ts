// `medflow model validate|lint|rules|schema` and `medflow threats` (issue 5): thin shell over
// src/threatmodel. Exit status: 0 fine, 1 validation errors / lint failures / rule errors, 2 unreadable input.
import { Command, Option } from 'commander';
import { isMedflowError, MedflowError } from '../util/errors.ts';
import { canonicalJson } from '../util/json.ts';
import { formatIssue } from '../util/issue.ts';
import { RISK_LEVELS, type RiskLevel } from '../threatmodel/model.ts';
import {
  architectureSchema, buildIndex, builtinRules, evaluate, formatModelIssue, lintModel, loadArchitecture, loadRules,
  loadValidArchitecture, RULES_DIR, THREAT_FORMATS, threatFormatByName, threatFormatForFile, type RuleSet,
} from '../threatmodel/index.ts';
import { action, emit } from './run.ts';
import { loadLibrary } from '../library/index.ts';
import { buildFlowIndex, type FlowIndex } from '../threatmodel/engine.ts';

const collect = (v: string, prev: string[] = []) => [...prev, v];

/**
 * Technique → ids of the library flows that use it, so each threat lists the attack flows that realize it.
 * Flows are those of the architecture's use case when it names one (staging modules included), else all.
 */
function libraryFlowIndex(useCase: string | undefined): FlowIndex {
  const lib = loadLibrary(undefined, { validate: false });
  const flows = lib.flows.filter((f) => !useCase || f.source.use_cases.includes(useCase as never));
  return buildFlowIndex(flows.map((f) => ({ flow: f.source.id, techniques: f.source.actions.map((a) => a.technique) })));
}

function rulesFrom(opts: { rules?: string[]; builtinRules?: boolean }): RuleSet {
  if (!opts.rules?.length) return builtinRules();
  return loadRules([...(opts.builtinRules === false ? [] : [RULES_DIR]), ...opts.rules]);
}

const RULE_OPTIONS = (cmd: Command) =>
  cmd
    .option('--rules <dir-or-file>', 'add rules from a folder of YAML rule files (repeatable)', collect)
    .option('--no-builtin-rules', 'use only the rules given with --rules');

export function registerThreatModelCommands(program: Command): void {
  const model = program
    .command('model')
    .description('check architecture models (components, data flows, trust boundaries, FDA views) and their threat triage');

  model
    .command('validate')
    .description('check architecture files against the schema and the model rules (ids, references, nesting)')
    .argument('<model...>', 'architecture files (.yaml, .yml or .json)')
    .option('-q, --quiet', 'print only problems')
    .addHelpText('after', `
Checks, for each file: the JSON Schema (schemas/architecture.schema.json: kinds, parties, protocols,
required fields), then what a schema cannot say: ids unique across components, data assets, flows and
boundaries; every reference resolves (flow ends, assets, boundary members, view entries); boundary
nesting has no cycle; a component sits in one chain of boundaries; cloud components state a service model.

Messages give file:line:col and the property path, e.g.
  home.yaml:42:11: error: data_flows[3].protocol: "htps" is not one of: https, http, … (did you mean "https"?)

Exit status: 0 all valid, 1 a file has errors, 2 a file cannot be read or parsed.

Examples:
  medflow model validate content/architectures/*.yaml
  medflow model validate my-device.yaml -q`)
    .action(action((files: string[], opts: { quiet?: boolean }) => {
      let status = 0;
      for (const file of files) {
        try {
          const l = loadArchitecture(file);
          for (const i of [...l.errors, ...l.warnings]) process.stdout.write(formatModelIssue(i, file) + '\n');
          if (l.errors.length > 0) {
            status = Math.max(status, 1);
            process.stdout.write(`${file}: invalid (${l.errors.length} error${l.errors.length > 1 ? 's' : ''})\n`);
          } else if (!opts.quiet) {
            const m = l.model;
            process.stdout.write(`${file}: ok (${m.components.length} components, ${m.data_flows?.length ?? 0} flows, ` +
              `${m.data_assets?.length ?? 0} assets, ${m.trust_boundaries?.length ?? 0} boundaries` +
              `${l.warnings.length ? `, ${l.warnings.length} warning${l.warnings.length > 1 ? 's' : ''}` : ''})\n`);
          }
        } catch (e) {
          if (!isMedflowError(e)) throw e;
          process.stderr.write(`medflow: error: ${e.describe()}\n`);
          status = Math.max(status, e.exitCode);
        }
      }
      if (status) process.exitCode = status;
    }));

  RULE_OPTIONS(
    model
      .command('lint')
      .description('the playbook\'s "did we do a good job?" checks on a model and its threats')
      .argument('<model>', 'architecture file')
      .option('--json', 'print the full result as JSON')
      .option('--strict', 'fail on warnings too (e.g. untriaged threats)'),
  )
    .addHelpText('after', `
Errors (exit 1):
  stride-not-covered           an in-scope element is not examined for a STRIDE category its role needs
                               (process: S T R I D E; store: T R I D; external entity: S R; flow: T I D)
  accept-/transfer-without-*   accepted or transferred risk without rationale, recipient (and party)
  tracking-orphaned            a threat_tracking entry whose threat no longer fires, or unknown rule/element
  tracking-inconsistent        status and strategy disagree (e.g. accepted + mitigate)
  high-value-flow-missing      none of the playbook's high-value flows of a kind (authentication,
                               programming, updates, patient data leaving the device, alarms,
                               backup/restore) and no reason under high_value_exemptions
  out-of-scope-without-reason  in_scope: false needs out_of_scope_reason
Warnings (exit 1 only with --strict):
  untriaged                    one per threat without a tracking entry (this is the untriaged list)
  high-value-flow-not-analysed a high-value flow with untriaged threats or outside every use case view
  flow-security-unstated       authentication/encryption not stated (assumed none)
  view-missing, *-view-incomplete  FDA global, multi-patient, updatability and use case views

Triage a threat by adding it under threat_tracking in the model:
  threat_tracking:
    phi-at-rest-unencrypted@ecg-store:
      status: transferred          # open | in-progress | mitigated | eliminated | accepted | transferred | false-positive
      strategy: transfer           # eliminate | mitigate | accept | transfer
      rationale: Encryption at rest is enforced by the hospital-operated storage account.
      recipient: Hospital infrastructure team
      recipient_party: hdo

Examples:
  medflow model lint content/architectures/home-rpm.yaml
  medflow model lint my-device.yaml --strict --json > lint.json`)
    .action(action((file: string, opts: { json?: boolean; strict?: boolean; rules?: string[]; builtinRules?: boolean }) => {
      const { model: m } = loadValidArchitecture(file);
      const rules = rulesFrom(opts);
      const index = buildIndex(m);
      const result = evaluate(index, { rules, file });
      const lint = lintModel(m, { rules, result, index });
      const failed = !lint.ok || result.rule_errors.length > 0 || (opts.strict && lint.warnings.length > 0);
      if (opts.json) {
        process.stdout.write(canonicalJson({ ...lint, file, ok: !failed, rule_errors: result.rule_errors }));
      } else {
        process.stdout.write(lintText(file, lint, result.threats, result.rule_errors));
      }
      if (failed) process.exitCode = 1;
    }));

  model
    .command('rules')
    .description('list the threat rules (id, STRIDE category, element type, title)')
    .option('--json', 'print as JSON')
    .option('--rules <dir-or-file>', 'add rules from a folder of YAML rule files (repeatable)', collect)
    .option('--no-builtin-rules', 'use only the rules given with --rules')
    .addHelpText('after', `
Rules are YAML files under content/rules/ (see docs/threat-modeling.md for the condition language).
Loading them checks every property, relation, vocabulary value, template variable and technique id.`)
    .action(action((opts: { json?: boolean; rules?: string[]; builtinRules?: boolean }) => {
      const rs = rulesFrom(opts);
      if (opts.json) {
        process.stdout.write(canonicalJson({
          digest: rs.digest,
          rules: rs.rules.map((r) => ({ id: r.id, title: r.title, stride: r.stride, applies_to: r.applies_to, roles: r.roles, medical: !!r.medical, techniques: r.techniques, fda_categories: r.fda_categories ?? [] })),
        }));
        return;
      }
      const w = Math.max(...rs.rules.map((r) => r.id.length));
      for (const r of rs.rules) {
        process.stdout.write(`${r.id.padEnd(w)}  ${r.stride.padEnd(22)}  ${r.applies_to.padEnd(9)}  ${r.medical ? 'medical ' : 'baseline'}  ${r.title}\n`);
      }
      const med = rs.rules.filter((r) => r.medical).length;
      process.stdout.write(`\n${rs.rules.length} rules (${med} medical, ${rs.rules.length - med} STRIDE baseline), digest ${rs.digest}\n`);
    }));

  model
    .command('schema')
    .description('print the JSON Schema of architecture files')
    .option('-o, --output <file>', 'write to a file instead of standard output')
    .action(action((opts: { output?: string }) => emit(canonicalJson(architectureSchema()), opts.output)));

  const formats = THREAT_FORMATS.map((f) => f.name);
  RULE_OPTIONS(
    program
      .command('threats')
      .description('run the threat rules over an architecture and write the threat model')
      .argument('<model>', 'architecture file (.yaml, .yml or .json)')
      .addOption(new Option('-f, --format <format>', 'output format (default: from -o extension, else json)').choices(formats))
      .option('-o, --output <file>', 'write to a file instead of standard output')
      .addOption(new Option('--min-risk <level>', 'leave out threats below this risk level').choices([...RISK_LEVELS]))
      .option('--no-library', 'do not link threats to the attack flows of the medflow library that realize them'),
  )
    .addHelpText('after', `
Each threat has a stable id "rule@element", a STRIDE category, an explanation of why it fired in this
model's terms, ATT&CK/ATLAS techniques, patient-harm severity (ISO 14971) and reach (single-patient,
multi-patient, fleet) derived from the data assets and components involved, CVSS-style exploitability
from the network the attacker comes over, and a risk level from the versioned matrix in
content/rules/risk-matrix.yaml. Its status comes from threat_tracking in the model. "flows" lists the
medflow library attack flows that use the threat's techniques (leave out with --no-library).

Exit status: 0 fine, 1 the model is invalid or a rule failed, 2 the file cannot be read.

Examples:
  medflow threats content/architectures/insulin-closed-loop.yaml | jq '.summary'
  medflow threats my-device.yaml -o out/threats.json --min-risk high
  medflow threats my-device.yaml --rules my-rules/     # built-in rules plus your own`)
    .action(action(async (file: string, opts: { format?: string; output?: string; minRisk?: RiskLevel; rules?: string[]; builtinRules?: boolean; library?: boolean }) => {
      const fmt = opts.format ? threatFormatByName(opts.format) : opts.output ? threatFormatForFile(opts.output) ?? threatFormatByName('json') : threatFormatByName('json');
      if (!fmt) throw new MedflowError(`unknown format "${opts.format}"; use one of: ${formats.join(', ')}`, {}, 2);
      const { model: m } = loadValidArchitecture(file);
      const rules = rulesFrom(opts);
      const index = buildIndex(m);
      const result = evaluate(index, { rules, file, flowIndex: opts.library === false ? undefined : libraryFlowIndex(m.use_case) });
      if (opts.minRisk) {
        const min = RISK_LEVELS.indexOf(opts.minRisk);
        result.threats = result.threats.filter((t) => RISK_LEVELS.indexOf(t.risk.level) >= min);
      }
      emit(await fmt.write({ result, model: m, index }), opts.output);
      for (const e of result.rule_errors) process.stderr.write(`medflow: rule error: ${e.rule}${e.element ? ` on ${e.element}` : ''}: ${e.message}\n`);
      if (result.rule_errors.length > 0) process.exitCode = 1;
    }));
}

function lintText(file: string, lint: ReturnType<typeof lintModel>, threats: { id: string; risk: { level: string }; title: string; element_name: string }[], ruleErrors: { rule: string; element?: string; message: string }[]): string {
  const out: string[] = [];
  const s = lint.summary;
  out.push(`${file}: ${s.threats} threats, ${s.triaged} triaged, ${s.untriaged} untriaged; ${s.errors} error${s.errors === 1 ? '' : 's'}, ${s.warnings} warning${s.warnings === 1 ? '' : 's'}`);
  for (const e of ruleErrors) out.push(`  rule error: ${e.rule}${e.element ? ` on ${e.element}` : ''}: ${e.message}`);
  if (lint.errors.length) {
    out.push('', 'errors:');
    for (const i of lint.errors) out.push('  ' + formatIssue(i, 'error'));
  }
  const other = lint.warnings.filter((w) => w.code !== 'untriaged');
  if (other.length) {
    out.push('', 'warnings:');
    for (const i of other) out.push('  ' + formatIssue(i, 'warning'));
  }
  out.push('', 'high-value flows:');
  for (const h of lint.high_value_flows) {
    const mark = h.flows.length === 0 ? (h.exempt ? '–' : '✗') : h.untriaged > 0 ? '!' : '✓';
    const detail = h.flows.length === 0 ? (h.exempt ? `exempt: ${h.exempt}` : 'none modelled') : `${h.flows.join(', ')}${h.untriaged ? ` (${h.untriaged} untriaged)` : ''}`;
    out.push(`  ${mark} ${h.name}: ${detail}`);
  }
  if (lint.untriaged.length) {
    const rank = (l: string) => RISK_LEVELS.indexOf(l as RiskLevel);
    const byId = new Map(threats.map((t) => [t.id, t]));
    const list = lint.untriaged.map((id) => byId.get(id)!).sort((a, b) => rank(b.risk.level) - rank(a.risk.level) || (a.id < b.id ? -1 : 1));
    out.push('', `untriaged threats (${list.length}):`);
    for (const t of list) out.push(`  ${t.risk.level.padEnd(8)} ${t.id}`);
  }
  out.push('');
  return out.join('\n');
}
