// SARIF 2.1.0 for CI gating (GitHub code scanning, Azure DevOps, any SARIF viewer): one run, the medflow rules
// that fired (and lint checks) as rule descriptors with help text, one result per threat with a level from its
// risk (critical/high → error, medium → warning, low → note), the threat id as stable fingerprint, a location in
// the model file (the element's YAML line when known) plus a logical location naming the element. Triaged
// threats (mitigated, accepted, …) carry an external suppression with the tracking rationale, so gates count
// only open risk. Lint findings are results of rules `lint/<code>`.
import type { Issue } from '../../util/issue.ts';
import type { RiskLevel, Threat } from '../model.ts';
import { canonicalJsonChunks } from './json.ts';
import { riskRank, STRIDE_NAMES, type ReportRule, type ThreatReportInput } from './input.ts';

export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';
export const SARIF_VERSION = '2.1.0';

export type SarifLevel = 'error' | 'warning' | 'note' | 'none';

export const LEVEL_OF_RISK: Record<RiskLevel, SarifLevel> = { critical: 'error', high: 'error', medium: 'warning', low: 'note' };
/** GitHub's `security-severity` (0–10) per risk level. */
export const SECURITY_SEVERITY: Record<RiskLevel, string> = { critical: '9.5', high: '8.0', medium: '5.5', low: '3.0' };

const TRIAGED_SUPPRESSED = new Set(['mitigated', 'eliminated', 'accepted', 'transferred', 'false-positive']);

/** A relative file path as a SARIF artifact URI (forward slashes, percent-encoded). */
export function artifactUri(file: string): string {
  return file.replace(/\\/g, '/').split('/').map((seg) => encodeURIComponent(seg).replace(/%3A/gi, ':')).join('/');
}

interface RuleAcc {
  id: string;
  title: string;
  stride?: string;
  medical: boolean;
  top: RiskLevel;
  mitigation?: string;
  explanation?: string;
  references: string[];
  techniques: Set<string>;
}

function ruleDescriptor(r: RuleAcc): Record<string, unknown> {
  const tags = ['security', ...(r.stride ? [r.stride] : []), ...(r.medical ? ['medical', 'patient-safety'] : [])];
  const techniques = [...r.techniques].sort();
  const full = [
    r.stride ? `STRIDE: ${STRIDE_NAMES[r.stride as keyof typeof STRIDE_NAMES] ?? r.stride}.` : '',
    r.medical ? 'Medical rule (patient safety, clinical data or device specific).' : '',
    techniques.length ? `ATT&CK/ATLAS: ${techniques.join(', ')}.` : '',
  ].filter(Boolean).join(' ');
  const helpText = [r.title + '.', r.mitigation ? `Mitigation: ${r.mitigation.trim()}` : '', r.references.length ? `References: ${r.references.join(' ')}` : '']
    .filter(Boolean).join('\n\n');
  const helpMd = [`**${r.title}**`, r.mitigation ? `**Mitigation:** ${r.mitigation.trim()}` : '',
    techniques.length ? `**Techniques:** ${techniques.map((t) => `\`${t}\``).join(', ')}` : '',
    r.references.length ? `**References:** ${r.references.map((u) => `<${u}>`).join(' ')}` : ''].filter(Boolean).join('\n\n');
  return {
    id: r.id,
    name: r.id.replace(/[^A-Za-z0-9]+(.)?/g, (_, c: string | undefined) => (c ? c.toUpperCase() : '')).replace(/^./, (c) => c.toUpperCase()),
    shortDescription: { text: r.title },
    fullDescription: { text: full || r.title },
    help: { text: helpText, markdown: helpMd },
    ...(r.references[0] ? { helpUri: r.references[0] } : {}),
    defaultConfiguration: { level: LEVEL_OF_RISK[r.top] },
    properties: { tags, precision: 'high', 'security-severity': SECURITY_SEVERITY[r.top] },
  };
}

/** The SARIF log object (results reference threat fields; nothing is deep-copied). */
export function sarifLog(input: ThreatReportInput): Record<string, unknown> {
  const file = input.file ? artifactUri(input.file) : undefined;
  const given = new Map<string, ReportRule>((input.rules ?? []).map((r) => [r.id, r]));
  const acc = new Map<string, RuleAcc>();
  for (const t of input.threats) {
    let r = acc.get(t.rule);
    if (!r) {
      const g = given.get(t.rule);
      r = {
        id: t.rule, title: g?.title ?? t.title, stride: g?.stride ?? t.stride, medical: g?.medical ?? t.medical, top: t.risk.level,
        mitigation: g?.mitigation ?? t.mitigation, explanation: g?.explanation, references: g?.references ?? [], techniques: new Set(g?.techniques ?? []),
      };
      acc.set(t.rule, r);
    }
    if (riskRank(t.risk.level) > riskRank(r.top)) r.top = t.risk.level;
    for (const x of t.techniques) r.techniques.add(x);
  }
  const lintIssues: { issue: Issue; level: SarifLevel }[] = [
    ...(input.lint?.errors ?? []).map((issue) => ({ issue, level: 'error' as const })),
    ...(input.lint?.warnings ?? []).map((issue) => ({ issue, level: 'warning' as const })),
  ];
  const lintRules = new Map<string, SarifLevel>();
  for (const l of lintIssues) {
    const id = `lint/${l.issue.code}`;
    if (lintRules.get(id) !== 'error') lintRules.set(id, l.level);
  }
  const threatRuleIds = [...acc.keys()].sort();
  const lintRuleIds = [...lintRules.keys()].sort();
  const rules = [
    ...threatRuleIds.map((id) => ruleDescriptor(acc.get(id)!)),
    ...lintRuleIds.map((id) => ({
      id,
      name: id.replace(/^lint\//, 'Lint ').replace(/[^A-Za-z0-9 ]+/g, ' '),
      shortDescription: { text: `medflow model lint check ${id.slice(5)}` },
      fullDescription: { text: 'A "did we do a good enough job?" check of the MITRE medical device threat-modeling playbook.' },
      help: { text: 'Run `medflow model lint MODEL` for details.', markdown: 'Run `medflow model lint MODEL` for details.' },
      defaultConfiguration: { level: lintRules.get(id) },
      properties: { tags: ['threat-model', 'lint'] },
    })),
  ];
  const ruleIndex = new Map<string, number>();
  rules.forEach((r, i) => ruleIndex.set(r.id as string, i));

  const location = (id: string | undefined, kind: string | undefined, name: string | undefined) => {
    const line = id !== undefined ? input.lineOf?.(id) : undefined;
    const loc: Record<string, unknown> = {};
    if (file !== undefined) {
      loc.physicalLocation = {
        artifactLocation: { uri: file, index: 0 },
        ...(line !== undefined ? { region: { startLine: line } } : {}),
      };
    }
    if (id !== undefined) loc.logicalLocations = [{ name: name ?? id, fullyQualifiedName: kind ? `${kind}:${id}` : id, ...(kind ? { kind } : {}) }];
    return loc;
  };

  const threatResult = (t: Threat) => {
    const level = LEVEL_OF_RISK[t.risk.level];
    const tr = t.tracking;
    return {
      ruleId: t.rule,
      ruleIndex: ruleIndex.get(t.rule),
      level,
      message: {
        text: `${t.title} (${t.element_name}): ${t.risk.level} risk, harm ${t.harm.severity}/${t.harm.reach}, ` +
          `exploitability ${t.exploitability.level}. ${t.description.trim()}`,
      },
      locations: [location(t.element, t.element_type, t.element_name)],
      fingerprints: { 'medflow/threat/v1': t.id },
      partialFingerprints: { 'medflowThreatId/v1': t.id },
      ...(tr && TRIAGED_SUPPRESSED.has(t.status)
        ? { suppressions: [{ kind: 'external', status: 'accepted', justification: `${t.status}${tr.rationale ? `: ${tr.rationale}` : ''} (tracking ${tr.key})` }] }
        : {}),
      properties: {
        threatId: t.id,
        element: t.element,
        elementType: t.element_type,
        stride: t.stride,
        medical: t.medical,
        risk: t.risk.level,
        severity: t.harm.severity,
        reach: t.harm.reach,
        exploitability: t.exploitability.vector,
        status: t.status,
        techniques: t.techniques,
        fdaCategories: t.fda_categories,
      },
    };
  };

  const results: unknown[] = input.threats.map(threatResult);
  for (const l of lintIssues) {
    const id = `lint/${l.issue.code}`;
    results.push({
      ruleId: id,
      ruleIndex: ruleIndex.get(id),
      level: l.level,
      message: { text: l.issue.message + (l.issue.property ? ` (${l.issue.property})` : '') },
      locations: [location(l.issue.object, undefined, undefined)],
      partialFingerprints: { 'medflowLint/v1': `${l.issue.code}@${l.issue.object ?? ''}#${l.issue.property ?? ''}` },
    });
  }

  const tool = input.tool ?? {};
  return {
    $schema: SARIF_SCHEMA,
    version: SARIF_VERSION,
    runs: [
      {
        tool: {
          driver: {
            name: tool.name ?? 'medflow',
            ...(tool.version ? { version: tool.version, semanticVersion: tool.version } : {}),
            informationUri: tool.informationUri ?? 'https://github.com/medflow/medflow',
            rules,
          },
        },
        ...(file !== undefined ? { artifacts: [{ location: { uri: file }, roles: ['analysisTarget'] }] } : {}),
        automationDetails: { id: `medflow/threats/${input.model.id}/` },
        columnKind: 'utf16CodeUnits',
        properties: {
          architecture: { id: input.model.id, name: input.model.name, ...(input.model.version ? { version: input.model.version } : {}) },
          ...(input.engine ? { engine: input.engine } : {}),
        },
        results,
      },
    ],
  };
}

export function* renderSarifChunks(input: ThreatReportInput): Generator<string> {
  yield* canonicalJsonChunks(sarifLog(input), 2, true);
}
