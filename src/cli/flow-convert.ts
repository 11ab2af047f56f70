// `medflow flow convert IN -o OUT [--to FORMAT]` and `medflow flow stats FILE... [--json]`.
import { existsSync, realpathSync } from 'node:fs';
import { resolve } from 'node:path';
import { Option, type Command } from 'commander';
import { MedflowError, isMedflowError } from '../util/errors.ts';
import { formatIssue, sortIssues } from '../util/issue.ts';
import { canonicalJson } from '../util/json.ts';
import { loadFlowFile, type LoadedFlow } from '../flow/load.ts';
import { loadFlowArgument } from './flow-input.ts';
import { OUTPUT_FORMATS, formatByName, formatForFile } from '../flow/formats.ts';
import { flowStats, REF_KINDS, type FlowStats } from '../flow/stats.ts';
import { action, emit, reportError } from './run.ts';

function samePath(a: string, b: string): boolean {
  const real = (p: string) => (existsSync(p) ? realpathSync(p) : resolve(p));
  return real(a) === real(b);
}

function printWarnings(loaded: LoadedFlow, limit = Infinity): void {
  const list = sortIssues(loaded.warnings);
  for (const w of list.slice(0, limit)) process.stderr.write(formatIssue(w, 'warning', loaded.file) + '\n');
  if (list.length > limit) process.stderr.write(`${loaded.file}: … and ${list.length - limit} more warning(s)\n`);
}

const formatList = () =>
  OUTPUT_FORMATS.map((f) => `  ${f.name.padEnd(10)} ${f.extensions.join(', ').padEnd(16)} ${f.description}`).join('\n');

export function registerFlowConvert(flow: Command): void {
  flow
    .command('convert')
    .description('convert an Attack Flow file (.json STIX bundle or .afb of any generation) to another format')
    .argument('<in>', 'input file (.json STIX bundle or .afb), or a library flow or scenario id')
    .requiredOption('-o, --output <file>', 'output file ("-" for standard output, with --to)')
    .addOption(new Option('--to <format>', 'output format (default: from the output file extension)').choices(OUTPUT_FORMATS.map((f) => f.name)))
    .addHelpText('after', `\nFormats (chosen by --to or by the output file's extension):\n${formatList()}\n\n` +
      'Import warnings (problems found and repaired while reading) are printed on standard error.\n\n' +
      'Examples:\n' +
      '  $ medflow flow convert "Conti Ransomware.afb" -o conti.json            any .afb generation to a STIX bundle\n' +
      '  $ medflow flow convert conti.json -o conti.afb                        opens in the Attack Flow Builder\n' +
      '  $ medflow flow convert infusion-status-spoofing -o spoofing.svg       a library flow, drawn without a browser\n' +
      '  $ medflow flow convert conti.json --to mermaid -o -                   Mermaid on standard output')
    .action(action(async (input: string, opts: { output: string; to?: string }) => {
      const out = opts.output;
      const format = opts.to ? formatByName(opts.to) : formatForFile(out);
      if (!format) {
        throw new MedflowError(
          out === '-' ? 'writing to standard output needs --to FORMAT' : `cannot tell the output format from "${out}"; use --to (${OUTPUT_FORMATS.map((f) => f.name).join(', ')})`,
          { file: out },
        );
      }
      if (out !== '-' && samePath(input, out)) throw new MedflowError('refusing to overwrite the input file', { file: out });
      const loaded = loadFlowArgument(input, { repair: true });
      printWarnings(loaded);
      const text = await format.write(loaded.graph);
      emit(text, out);
    }));

  flow
    .command('stats')
    .description('count the blocks, edges and references of Attack Flow files (.json or .afb)')
    .argument('<files...>', 'flow files')
    .option('--json', 'print JSON: one object for one file, else an array of {"file", …} objects')
    .option('-v, --verbose', 'print each import warning (default: a count per file)')
    .addHelpText('after', '\nBlocks are the drawn objects (not the flow itself, extension definitions and their creators, the\n' +
      'author identity or relationship objects); edges are all references and relationships between blocks.\n\n' +
      'Examples:\n' +
      '  $ medflow flow stats "Black Basta Ransomware.afb"\n' +
      '  $ medflow flow stats flows/*.json --json')
    .action(action((files: string[], opts: { json?: boolean; verbose?: boolean }) => {
      const rows: Array<{ file: string; stats: FlowStats }> = [];
      let failed = false;
      for (const file of files) {
        try {
          const loaded = loadFlowFile(file);
          if (opts.verbose) printWarnings(loaded);
          else if (loaded.warnings.length) process.stderr.write(`${file}: ${loaded.warnings.length} import warning(s) (-v to list them)\n`);
          rows.push({ file, stats: flowStats(loaded.graph) });
        } catch (e) {
          if (!isMedflowError(e)) throw e;
          reportError(e);
          failed = true;
        }
      }
      if (opts.json) {
        const value = files.length === 1 ? rows[0]?.stats : rows.map((r) => ({ file: r.file, ...r.stats }));
        if (value !== undefined) process.stdout.write(canonicalJson(value));
      } else if (rows.length) {
        process.stdout.write(statsTable(rows));
      }
      if (failed) process.exitCode = 2;
    }));
}

const SHORT: Record<string, string> = {
  effect_refs: 'effect', on_true_refs: 'true', on_false_refs: 'false', asset_refs: 'asset', command_ref: 'command',
  object_ref: 'object', object_refs: 'objects', relationship: 'SRO',
};

/** A plain-text table, one row per file (numbers right-aligned). */
export function statsTable(rows: Array<{ file: string; stats: FlowStats }>): string {
  const head = ['file', 'blocks', 'actions', 'assets', 'conditions', 'operators', 'edges', 'starts', ...REF_KINDS.map((k) => SHORT[k])];
  const body = rows.map(({ file, stats: s }) => [
    file, s.blocks, s.actions, s.assets, s.conditions, s.operators, s.edges, s.start_refs, ...REF_KINDS.map((k) => s.refs[k]),
  ].map(String));
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((r) => r[i].length)));
  const line = (r: string[]) => r.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ').trimEnd();
  const rule = widths.map((w) => '-'.repeat(w)).join('  ');
  return [line(head), rule, ...body.map(line)].join('\n') + '\n';
}
