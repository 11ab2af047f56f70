// `medflow assess PROFILE...`: objective, reproducible security assessment of cloud-connected medical
// devices from device profiles (issue 6): writes JSON, Markdown and self-contained HTML reports per profile
// and prints a short summary (side by side with --compare).
import { join } from 'node:path';
import { Command, InvalidArgumentError, Option } from 'commander';
import {
  AssessSession, assessmentHtml, assessmentJson, assessmentMarkdown, profileFiles, summaryText, type AssessmentResult,
} from '../assess/index.ts';
import { writeText } from '../util/io.ts';
import { MedflowError } from '../util/errors.ts';
import { action, intOption, progress, progressDone } from './run.ts';

const collect = (value: string, previous: string[] | undefined): string[] => [...(previous ?? []), value];
const FORMATS = ['json', 'md', 'html'] as const;

const HELP = `
PROFILE is a device profile (YAML, schemas/device-profile.schema.json) or a folder of them. A profile names an
architecture (a reference id such as infusion-pumps, or a path to your own model), gives controls a status
(implemented, partial, not-implemented, unknown) with evidence, and optionally MDS2 answers and a CycloneDX
SBOM. Controls the profile does not list are unknown, and unknown counts as not implemented (worst case).

For each profile: structural results per patient-harm outcome, exploitability-weighted P(harm) per library
flow with band-sensitivity ranges, controlled / uncontrolled labels (content/acceptance/acceptance-matrix.yaml),
coverage per FDA category and per party, RACI gaps, MDS2 hard-fails, SBOM support, the next controls to
implement (chosen jointly) and one headline score with its sub-scores (formula in docs/assessment.md).
Outputs are deterministic: the same profile and seed give byte-identical JSON.

Exit status: 0 done, 2 unusable input (the message names the file and the field).

Examples:
  $ medflow assess examples/devices --compare -o out/assessment     what npm start runs
  $ medflow assess my-pump.yaml -o reports/ --format html
  $ medflow assess my-pump.yaml --json > my-pump.assessment.json`;

export function registerAssessCommand(program: Command): void {
  program
    .command('assess')
    .description('assess cloud-connected medical devices from device profiles: score, harm probability, controlled flows, next controls, RACI gaps')
    .argument('<profile...>', 'device profile files or folders of them')
    .option('-o, --output <dir>', 'folder for the reports (<id>.assessment.json, .md, .html)')
    .addOption(new Option('--format <format>', `report format to write: ${FORMATS.join(', ')} (repeatable; default all three)`).argParser((v: string, prev: string[] | undefined) => {
      if (!(FORMATS as readonly string[]).includes(v)) throw new InvalidArgumentError(`must be one of ${FORMATS.join(', ')}`);
      return collect(v, prev);
    }))
    .option('--json', 'print the JSON report of a single profile to standard output instead of the summary')
    .option('--compare', 'print the profiles side by side (the default summary for several profiles)')
    .option('--seed <n>', 'Monte Carlo seed', intOption('--seed', 0, 2 ** 32 - 1), 1)
    .option('--next <n>', 'how many next controls to rank', intOption('--next', 0, 50), 5)
    .option('--acceptance <file>', 'acceptance matrix instead of content/acceptance/acceptance-matrix.yaml')
    .option('--score-definition <file>', 'score definition instead of content/acceptance/score.yaml')
    .option('--overrides <file>', 'RACI overrides instead of the architecture\'s side file (repeatable)', collect)
    .option('--controls <path>', 'controls file or folder instead of the shipped catalog (repeatable)', collect)
    .option('--no-ttc', 'skip the time-to-harm Monte Carlo (faster; within_horizon becomes null)')
    .addHelpText('after', HELP)
    .action(action(async (paths: string[], opts: {
      output?: string; format?: string[]; json?: boolean; compare?: boolean; seed: number; next: number; acceptance?: string;
      scoreDefinition?: string; overrides?: string[]; controls?: string[]; ttc: boolean;
    }) => {
      const files = profileFiles(paths);
      if (opts.json && files.length !== 1) throw new MedflowError(`--json prints one report; ${files.length} profiles were given (use -o DIR)`, {}, 2);
      const session = new AssessSession({ controls: opts.controls });
      const results: AssessmentResult[] = [];
      for (const [i, f] of files.entries()) {
        progress(`assessing ${f} (${i + 1}/${files.length})…`);
        results.push(session.assessFile(f, {
          seed: opts.seed, next: opts.next, ttc: opts.ttc, acceptanceFile: opts.acceptance, scoreFile: opts.scoreDefinition,
          overrides: opts.overrides, controls: opts.controls,
        }));
      }
      progressDone();
      if (opts.json) {
        process.stdout.write(assessmentJson(results[0]));
        return;
      }
      const formats = opts.format?.length ? [...new Set(opts.format)] : [...FORMATS];
      const written: string[] = [];
      if (opts.output) {
        const ids = new Set<string>();
        for (const r of results) {
          if (ids.has(r.profile.id)) throw new MedflowError(`two profiles have the id "${r.profile.id}"; report files would overwrite each other`, { file: r.profile.file, at: 'id' }, 2);
          ids.add(r.profile.id);
          for (const fmt of formats) {
            const file = join(opts.output, `${r.profile.id}.assessment.${fmt}`);
            writeText(file, fmt === 'json' ? assessmentJson(r) : fmt === 'md' ? assessmentMarkdown(r) : assessmentHtml(r));
            written.push(file);
          }
        }
        if (results.length > 1) {
          const file = join(opts.output, 'summary.txt');
          writeText(file, summaryText(results));
          written.push(file);
        }
      }
      process.stdout.write(summaryText(results));
      if (written.length) process.stdout.write(`\nReports in ${opts.output}/: ${written.map((w) => w.slice(opts.output!.length).replace(/^[\\/]/, '')).join(', ')}\n`);
      else process.stdout.write('\n(no reports written: give -o DIR)\n');
    }));
}
