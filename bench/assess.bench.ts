// Device assessment speed: preparing an architecture (flows, control maps, simulation models, structure,
// threat model), one full assessment per profile (simulation, band sensitivity, time to harm, next controls,
// all reports), the bare what-if an assessment repeats (score of one status assignment), and a RACI in
// every format. Medians of several runs.
// Only types from run.ts (its values would re-enter the runner while it awaits this module); helpers from measure.ts.
import type { Benchmark, Measurement } from './run.ts';
import { median, timeRuns } from './measure.ts';
import {
  AssessSession, assessProfile, assessmentHtml, assessmentJson, assessmentMarkdown, loadAcceptance, loadProfile, loadScoreDefinition, prepare,
  type AssessContext,
} from '../src/assess/index.ts';
import { controlCatalog } from '../src/controls/index.ts';
import { deriveRaci, raciCsv, raciHtml, raciMarkdown, raciXlsx, resolveArchitecture } from '../src/raci/index.ts';

const PROFILES = ['examples/devices/lvp3-as-deployed.yaml', 'examples/devices/lvp3-hardened.yaml'];

export const benchmarks: Benchmark[] = [
  {
    name: 'assess: prepare an architecture (infusion-pumps)',
    async run(): Promise<Measurement[]> {
      const s = new AssessSession();
      const arch = resolveArchitecture('infusion-pumps');
      let flows = 0;
      const ms = median(await timeRuns(() => { flows = prepare(arch, s.controls, s.library).flows.length; }, 5));
      return [{ metric: 'median ms per architecture (flows, models, structure, threats)', value: Math.round(ms), unit: 'ms', details: { flows } }];
    },
  },
  {
    name: 'assess: one profile, everything (simulation, sensitivity, time to harm, next controls, JSON + Markdown + HTML)',
    async run(): Promise<Measurement[]> {
      const s = new AssessSession();
      s.assessFile(PROFILES[0]); // prepares the architecture once, as npm start does
      const out: Measurement[] = [];
      for (const f of PROFILES) {
        const ms = median(await timeRuns(() => {
          const r = s.assessFile(f);
          assessmentJson(r);
          assessmentMarkdown(r);
          assessmentHtml(r);
        }, 5));
        out.push({ metric: `median ms for ${f.split('/').pop()}`, value: Math.round(ms), unit: 'ms', target: '< 2000 ms', met: ms < 2000 });
      }
      return out;
    },
  },
  {
    name: 'assess: score of one status assignment (the what-if behind property tests)',
    async run(): Promise<Measurement[]> {
      const s = new AssessSession();
      const prep = prepare(resolveArchitecture('infusion-pumps'), s.controls, s.library, { threats: false });
      const ctx: AssessContext = { acceptance: loadAcceptance(), score: loadScoreDefinition(), ttc: false, next: 0, sensitivity: false };
      const profile = loadProfile(PROFILES[0], s.controls);
      const ms = median(await timeRuns(() => assessProfile(profile, prep, ctx), 20));
      return [{ metric: 'median ms per evaluation', value: Math.round(ms * 10) / 10, unit: 'ms', details: { flows: prep.flows.length } }];
    },
  },
  {
    name: 'raci: derive and render (insulin-closed-loop; csv, md, html, xlsx)',
    async run(): Promise<Measurement[]> {
      const arch = resolveArchitecture('insulin-closed-loop').model;
      const cs = controlCatalog();
      const derive = median(await timeRuns(() => deriveRaci(arch, cs), 10));
      const m = deriveRaci(arch, cs);
      const render = median(await timeRuns(async () => { raciCsv(m); raciMarkdown(m); raciHtml(m); await raciXlsx(m); }, 5));
      return [
        { metric: 'median ms to derive', value: Math.round(derive * 10) / 10, unit: 'ms', details: { rows: m.rows.length } },
        { metric: 'median ms to render all four formats', value: Math.round(render), unit: 'ms' },
      ];
    },
  },
];
