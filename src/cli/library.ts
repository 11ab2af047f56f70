// `medflow library list|show|validate|compose|export|coverage` (issue 4): the patient-safety attack flow
// library under content/ (or --content DIR). Thin shell over src/library.
import { join } from 'node:path';
import { InvalidArgumentError, type Command } from 'commander';
import { MedflowError } from '../util/errors.ts';
import { canonicalJson } from '../util/json.ts';
import { writeText } from '../util/io.ts';
import { writeBundle } from '../flow/bundle.ts';
import { formatByName } from '../flow/formats.ts';
import { catalog, catalogVersion } from '../catalog/index.ts';
import {
  CLINICAL_FUNCTIONS, SAFETY_GOALS, SAFETY_GOAL_NAMES, USE_CASES, USE_CASE_NAMES, isOneOf,
  type SafetyGoal, type UseCase,
} from '../vocab/index.ts';
import {
  CONTENT_DIR, coverage, coverageMarkdown, findFlow, findScenario, formatSourceIssue, hasErrors, loadLibrary,
  reachEdges, startKeys, bandExploitability, type Library, type LibraryFlow, type LibraryScenario,
} from '../library/index.ts';
import { SIMULATED_EXPLOITABILITY_BASIS, simulatedExploitability } from '../library/exploitability.ts';
import { action, emit } from './run.ts';

interface CommonOpts {
  content?: string;
}

function choice<T extends string>(name: string, list: readonly T[]) {
  return (v: string): T => {
    if (!isOneOf(list, v)) throw new InvalidArgumentError(`${name} must be one of: ${list.join(', ')}`);
    return v;
  };
}

function load(opts: CommonOpts, validate = true): Library {
  return loadLibrary(opts.content ?? CONTENT_DIR, { validate });
}

/** Prints the library's findings; returns true when there are errors. */
function reportIssues(lib: Library, warnings = true): boolean {
  for (const i of lib.issues) if (warnings || i.severity === 'error') process.stderr.write(formatSourceIssue(i) + '\n');
  return hasErrors(lib);
}

function failOnErrors(lib: Library, what: string): void {
  if (reportIssues(lib, false)) {
    throw new MedflowError(`${what}: the library has errors (listed above); run \`medflow library validate\``, {}, 1);
  }
}

const contentOption = (c: Command) => c.option('--content <dir>', 'library folder holding states.yaml, flows/ and scenarios/ (default: the bundled content/)');

export function registerLibraryCommands(program: Command): void {
  const lib = program
    .command('library')
    .description('the patient-safety attack flow library: list, show, validate, compose scenarios, export, coverage');

  contentOption(lib.command('list'))
    .description('list the flows (filter by use case or safety goal)')
    .addHelpText('after', `
Examples:
  $ medflow library list --use-case infusion-pumps
  $ medflow library list --goal command-integrity --json`)
    .option('--use-case <u>', `only flows for this use case (${USE_CASES.join(', ')})`, choice('--use-case', USE_CASES))
    .option('--goal <g>', `only flows attacking this goal (${SAFETY_GOALS.join(', ')})`, choice('--goal', SAFETY_GOALS))
    .option('--json', 'print JSON')
    .action(action((opts: CommonOpts & { useCase?: UseCase; goal?: SafetyGoal; json?: boolean }) => {
      const l = load(opts);
      reportIssues(l, false);
      const flows = l.flows.filter((f) =>
        (!opts.useCase || f.source.use_cases.includes(opts.useCase)) && (!opts.goal || f.source.patient_safety_goal === opts.goal));
      if (opts.json) {
        emit(canonicalJson(flows.map(summary)));
        return;
      }
      const rows = flows.map((f) => [
        f.source.id, f.source.use_cases.join(','), f.source.patient_safety_goal, f.source.harm_severity, f.source.reach,
        f.source.provenance, String(f.source.actions.length),
      ]);
      emit(table(['id', 'use cases', 'goal', 'severity', 'reach', 'provenance', 'actions'], rows) +
        `${flows.length} of ${l.flows.length} flows\n`);
    }));

  contentOption(lib.command('show'))
    .argument('<id>', 'flow or scenario id')
    .description('a readable summary of one flow or scenario')
    .addHelpText('after', `
Examples:
  $ medflow library show infusion-pump-unauthenticated-command
  $ medflow library show robot-sabotage-with-cover-up --json > scenario.json`)
    .option('--json', 'print the compiled STIX bundle instead')
    .action(action((id: string, opts: CommonOpts & { json?: boolean }) => {
      const l = load(opts);
      const f = findFlow(l, id), s = findScenario(l, id);
      if (!f && !s) {
        reportIssues(l, false);
        throw new MedflowError(`no flow or scenario "${id}" in the library (see \`medflow library list\`)`);
      }
      if (opts.json) emit(writeBundle(f ? f.compiled.graph : s!.composed!.graph));
      else emit(f ? showFlow(f, l) : showScenario(s!, l));
    }));

  contentOption(lib.command('validate'))
    .description('check every flow and scenario (schema, references, catalog, states, quality rules, Attack Flow validator); exit 1 on any error')
    .addHelpText('after', `
Examples:
  $ medflow library validate
  $ medflow library validate --content ./my-content     your own flows and scenarios, same checks`)
    .option('--json', 'print the findings as JSON')
    .action(action((opts: CommonOpts & { json?: boolean }) => {
      const l = load(opts);
      const errors = l.issues.filter((i) => i.severity === 'error').length;
      const warnings = l.issues.length - errors;
      if (opts.json) emit(canonicalJson({ ok: errors === 0, flows: l.flowFiles, scenarios: l.scenarios.length, issues: l.issues }));
      else {
        reportIssues(l);
        process.stdout.write(`${l.flowFiles} flows, ${l.scenarios.length} scenarios: ${errors} error(s), ${warnings} warning(s)\n`);
      }
      if (errors > 0) process.exitCode = 1;
    }));

  contentOption(lib.command('compose'))
    .argument('<scenario>', 'scenario id (content/scenarios/<id>.yaml)')
    .description('compose a scenario into one Attack Flow STIX bundle')
    .addHelpText('after', `
A scenario chains flows whose exit states (e.g. credential:vendor-remote-access) match the next flow's entry states.

Examples:
  $ medflow library compose vendor-breach-to-insulin-fleet-update -o scenario.json
  $ medflow simulate vendor-breach-to-insulin-fleet-update       simulate it directly by id`)
    .option('-o, --output <file>', 'output file (default: standard output)')
    .action(action((id: string, opts: CommonOpts & { output?: string }) => {
      const l = load(opts);
      const s = findScenario(l, id);
      if (!s) throw new MedflowError(`no scenario "${id}" in the library (scenarios: ${l.scenarios.map((x) => x.scenario.id).join(', ') || 'none'})`);
      const mine = l.issues.filter((i) => i.severity === 'error' && (i.file === s.file || s.scenario.flows.some((f) => i.file.endsWith(`/${f}.yaml`))));
      if (!s.composed || mine.length > 0) {
        for (const i of mine) process.stderr.write(formatSourceIssue(i) + '\n');
        throw new MedflowError('cannot compose: the scenario or its flows have errors (listed above)', { file: s.file }, 1);
      }
      emit(writeBundle(s.composed.graph), opts.output);
    }));

  contentOption(lib.command('export'))
    .description('write every flow and composed scenario in one format: DIR/flows/<id><ext>, DIR/scenarios/<id><ext>')
    .addHelpText('after', `
Examples:
  $ medflow library export --format afb -o out/afb                 open any flow in the Attack Flow Builder
  $ medflow library export --format navigator -o out/layers        ATT&CK Navigator layers`)
    .requiredOption('--format <name>', 'stix, afb or navigator', choice('--format', ['stix', 'afb', 'navigator'] as const))
    .requiredOption('-o, --output <dir>', 'output folder')
    .action(action(async (opts: CommonOpts & { format: string; output: string }) => {
      const l = load(opts);
      failOnErrors(l, 'export refused');
      const fmt = formatByName(opts.format)!;
      const ext = fmt.extensions[0];
      let n = 0;
      for (const f of l.flows) {
        emitQuiet(await fmt.write(f.compiled.graph), join(opts.output, 'flows', f.source.id + ext));
        n++;
      }
      for (const s of l.scenarios) {
        if (!s.composed) continue;
        emitQuiet(await fmt.write(s.composed.graph), join(opts.output, 'scenarios', s.scenario.id + ext));
        n++;
      }
      process.stderr.write(`wrote ${n} ${fmt.name} files to ${opts.output}\n`);
    }));

  contentOption(lib.command('coverage'))
    .description('coverage report: use case × safety goal, techniques per domain, provenance, flows ranked by severity, reach, exploitability')
    .addHelpText('after', `
Examples:
  $ medflow library coverage -o coverage.md
  $ medflow library coverage --format json --rank-by bands`)
    .option('--format <f>', 'md or json', choice('--format', ['md', 'json'] as const), 'md')
    .option('-o, --output <file>', 'output file (default: standard output)')
    .option('--rank-by <basis>', 'exploitability for the ranking: simulation (P(harm) from the simulation engine) or bands (a quick difficulty-band proxy)', choice('--rank-by', ['simulation', 'bands'] as const), 'simulation')
    .action(action((opts: CommonOpts & { format: 'md' | 'json'; output?: string; rankBy: 'simulation' | 'bands' }) => {
      const l = load(opts);
      reportIssues(l, false);
      const r = coverage(l, {
        catalogName: catalogVersion(),
        ...(opts.rankBy === 'simulation' ? { exploitability: simulatedExploitability, exploitabilityBasis: SIMULATED_EXPLOITABILITY_BASIS } : {}),
      });
      emit(opts.format === 'json' ? canonicalJson(r) : coverageMarkdown(r), opts.output);
    }));
}

/** Writes one export file without a per-file message (export prints one summary line). */
function emitQuiet(text: string | Uint8Array, file: string): void {
  writeText(file, text);
}

function summary(f: LibraryFlow) {
  const s = f.source;
  return {
    id: s.id, name: s.name, file: f.file, use_cases: s.use_cases, patient_safety_goal: s.patient_safety_goal,
    harm_severity: s.harm_severity, reach: s.reach, provenance: s.provenance, clinical_functions: s.clinical_functions,
    entry_states: s.entry_states, exit_states: s.exit_states, actions: s.actions.length,
    techniques: [...new Set(s.actions.map((a) => a.technique))].sort(),
    branches: (s.conditions ?? []).length + (s.operators ?? []).length,
    stix_id: f.compiled.graph.flowId,
  };
}

function table(head: string[], rows: string[][]): string {
  const w = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (r: string[]) => r.map((c, i) => c.padEnd(w[i])).join('  ').trimEnd() + '\n';
  return line(head) + line(w.map((n) => '-'.repeat(n))) + rows.map(line).join('');
}

function wrap(text: string, indent: string, width = 100): string {
  const words = text.replace(/\s+/g, ' ').trim().split(' ');
  const lines: string[] = [];
  let cur = '';
  for (const w of words) {
    if (cur && indent.length + cur.length + 1 + w.length > width) (lines.push(cur), (cur = w));
    else cur = cur ? `${cur} ${w}` : w;
  }
  if (cur) lines.push(cur);
  return lines.map((l) => indent + l).join('\n') + '\n';
}

/** Nodes in reading order: breadth-first from the start points, in source order. */
function readingOrder(f: LibraryFlow): string[] {
  const src = f.source;
  const out: string[] = [];
  const seen = new Set<string>();
  const edges = reachEdges(src);
  const queue = startKeys(src);
  while (queue.length) {
    const k = queue.shift()!;
    if (seen.has(k)) continue;
    seen.add(k);
    out.push(k);
    for (const [s, t] of edges) if (s === k && !seen.has(t)) queue.push(t);
  }
  return out;
}

function showFlow(f: LibraryFlow, l: Library): string {
  const s = f.source, cat = catalog();
  const goal = s.patient_safety_goal as SafetyGoal;
  let o = `${s.id}: ${s.name}\n`;
  o += `  file           ${f.file}\n  stix id        ${f.compiled.graph.flowId}\n`;
  o += `  use cases      ${s.use_cases.map((u) => `${u} (${USE_CASE_NAMES[u as UseCase]?.split(' (')[0] ?? u})`).join('; ')}\n`;
  o += `  safety goal    ${goal}: ${SAFETY_GOAL_NAMES[goal]}\n`;
  o += `  harm           ${s.harm_severity}, ${s.reach}\n  provenance     ${s.provenance}\n`;
  o += `  clinical       ${s.clinical_functions.filter((c) => (CLINICAL_FUNCTIONS as readonly string[]).includes(c)).join(', ')}\n`;
  const st = (x: string) => `${x}${l.states.states.get(x) ? ` (${l.states.states.get(x)})` : ''}`;
  o += `  entry states   ${s.entry_states.length ? s.entry_states.map(st).join('\n                 ') : 'none (outside attacker)'}\n`;
  o += `  exit states    ${s.exit_states.length ? s.exit_states.map(st).join('\n                 ') : 'none'}\n`;
  const e = bandExploitability(f);
  o += `  exploitability ${e.score.toFixed(3)} (${e.basis}; difficulty-band proxy)\n\n`;
  o += wrap(s.description, '  ') + '\nSteps\n';
  const actions = new Map(s.actions.map((a) => [a.key, a]));
  const conds = new Map((s.conditions ?? []).map((c) => [c.key, c]));
  const ops = new Map((s.operators ?? []).map((x) => [x.key, x]));
  const assets = new Map((s.assets ?? []).map((a) => [a.key, a]));
  let n = 0;
  for (const k of readingOrder(f)) {
    const a = actions.get(k), c = conds.get(k), op = ops.get(k);
    if (a) {
      const t = cat.technique(a.technique), tac = cat.tactic(a.tactic);
      o += `\n  ${++n}. ${a.name}  [${a.key}]\n`;
      o += `     ${a.technique} ${t?.name ?? '?'} · ${a.tactic} ${tac?.name ?? '?'} (${tac?.domain ?? '?'}) · targets ${a.component_kind}\n`;
      o += `     ${a.difficulty.band}: ${a.difficulty.rationale}\n`;
      o += wrap(a.description, '     ');
      if (a.consumes) o += `     needs  ${a.consumes}\n`;
      if (a.produces) o += `     yields ${a.produces.join(', ')}\n`;
      if (a.assets) o += `     assets ${a.assets.map((x) => (assets.get(x)?.patient_harm ? `${x} (PATIENT HARM)` : x)).join(', ')}\n`;
      if (a.effects) o += `     → ${a.effects.join(', ')}\n`;
    } else if (c) {
      o += `\n  ◇ if: ${c.description.replace(/\s+/g, ' ').trim()}  [${c.key}]\n`;
      if (c.on_true) o += `     true  → ${c.on_true.join(', ')}\n`;
      o += `     false → ${c.on_false ? c.on_false.join(', ') : 'the attack stops here'}\n`;
    } else if (op) {
      o += `\n  ${op.operator} [${op.key}] → ${(op.effects ?? []).join(', ') || 'end'}\n`;
    }
  }
  o += '\nAssets\n';
  for (const a of s.assets ?? []) {
    o += `  ${a.patient_harm ? '!' : '-'} ${a.name} [${a.key}, ${a.component_kind}]\n`;
    if (a.patient_harm && a.harm) o += wrap(`patient harm: ${a.harm}`, '      ');
  }
  if (s.external_references?.length) {
    o += '\nReferences\n';
    for (const r of s.external_references) o += `  - ${r.source_name}${r.url ? `: ${r.url}` : ''}\n`;
  }
  return o;
}

function showScenario(s: LibraryScenario, l: Library): string {
  const sc = s.scenario;
  let o = `${sc.id}: ${sc.name}\n  file         ${s.file}\n  safety goal  ${sc.patient_safety_goal}\n`;
  if (s.composed) {
    const flow = s.composed.graph.objects.get(s.composed.graph.flowId!)!;
    o += `  stix id      ${flow.id}\n  objects      ${s.composed.graph.objects.size}\n`;
  } else o += '  (not composed: the scenario has errors; run `medflow library validate`)\n';
  o += '\n' + wrap(sc.description, '  ') + '\nFlows\n';
  for (const id of sc.flows) {
    const f = findFlow(l, id);
    o += `  - ${id}${f ? `: ${f.source.name} (${f.source.patient_safety_goal}, ${f.source.harm_severity})` : ' (missing or invalid)'}\n`;
  }
  o += '\nLinks\n';
  for (const j of s.composed?.joins ?? []) {
    o += `  ${j.from.join(' + ')} ─[${j.state}]→ ${j.to}: ${j.producers.length} producing action(s) → ${j.consumers.length} entry action(s)${j.operator ? ' via an OR operator' : ''}\n`;
  }
  return o;
}
