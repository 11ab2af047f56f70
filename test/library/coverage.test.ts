// Coverage report and ranking (severity, reach, exploitability; band proxy until the simulation lands).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import {
  bandExploitability, bandFeasibility, coverage, coverageMarkdown, loadLibrary, rankFlows, routeValues,
} from '../../src/library/index.ts';
import { severityRank, reachRank, type HarmSeverity, type Reach } from '../../src/vocab/index.ts';
import { ROOT } from '../helpers.ts';
import { SIMULATED_EXPLOITABILITY_BASIS, simulatedExploitability } from '../../src/library/exploitability.ts';

const mini = loadLibrary(join(ROOT, 'test/fixtures/library/mini'));
const lib = loadLibrary();

test('band feasibility within 30 days follows the MAL rates', () => {
  assert.deepEqual(
    ['EasyAndCertain', 'EasyAndUncertain', 'HardAndCertain', 'HardAndUncertain', 'VeryHardAndCertain', 'VeryHardAndUncertain']
      .map((b) => bandFeasibility(b as never)),
    [1, 0.5, 0.950213, 0.475106, 0.259182, 0.129591],
  );
});

test('route values: weakest link along a route, AND takes the harder input, OR the easier', () => {
  const harm = mini.flows.find((f) => f.source.id === 'mini-harm')!;
  assert.deepEqual(Object.fromEntries(routeValues(harm.source)), {
    'scan-or': 1, 'use-account': 1, both: 1, inject: 0.950213, harm: 0.950213,
  });
  assert.deepEqual(bandExploitability(harm), { score: 0.950213, source: 'difficulty-bands', basis: 'hardest step on the easiest route: HardAndCertain' });
  const stage = mini.flows.find((f) => f.source.id === 'mini-stage')!;
  const v = routeValues(stage.source);
  assert.equal(v.get('run-macro'), 0.5);
  assert.equal(v.get('exploit-vpn'), 0.475106);
  assert.equal(bandExploitability(stage).score, 0.5, 'no harm asset: targets are the actions producing exit states');
});

test('ranking: severity, then reach, then exploitability; the hook replaces the proxy', () => {
  const ranked = rankFlows(lib.flows);
  assert.equal(ranked.length, lib.flows.length);
  for (let i = 1; i < ranked.length; i++) {
    const a = ranked[i - 1], b = ranked[i];
    const key = (r: typeof a) => [severityRank(r.harm_severity as HarmSeverity), reachRank(r.reach as Reach), r.exploitability!.score];
    const [ka, kb] = [key(a), key(b)];
    const cmp = ka[0] - kb[0] || ka[1] - kb[1] || ka[2] - kb[2];
    assert.ok(cmp >= 0, `${a.id} before ${b.id}`);
  }
  assert.equal(ranked[0].harm_severity, 'catastrophic');
  const flipped = rankFlows(mini.flows, (f) => ({ score: f.source.id === 'mini-stage' ? 1 : 0, source: 'simulation', basis: 'test' }));
  assert.deepEqual(flipped.map((r) => r.id), ['mini-harm', 'mini-stage'], 'severity still dominates');
  assert.equal(flipped[0].exploitability!.source, 'simulation');
});

test('coverage of the shipped library: matrix, domains, provenance', () => {
  const r = coverage(lib, { catalogName: 'test' });
  assert.equal(r.totals.flows, lib.flows.length);
  assert.ok(r.matrix.telesurgery['device-integrity'].includes('robot-firmware-via-vendor-tunnel'));
  assert.ok(r.matrix['home-rpm']['patient-status-accuracy'].includes('rpm-telemetry-injection'));
  for (const g of ['device-integrity', 'cloud-availability', 'patient-status-accuracy', 'command-integrity',
    'communications-availability', 'traceability', 'patient-privacy']) {
    assert.ok(r.matrix.telesurgery[g].length > 0, `telesurgery × ${g}`);
    assert.ok(r.matrix['home-rpm'][g].length > 0, `home-rpm × ${g}`);
  }
  assert.ok((r.techniques.ics ?? []).some((t) => t.id === 'T0831'));
  assert.ok((r.techniques.atlas ?? []).length >= 4);
  assert.ok((r.techniques.mobile ?? []).length >= 4);
  assert.equal(r.provenance.realized.length + r.provenance.theoretical.length, r.totals.flows);
  assert.ok(r.provenance.realized.length >= 4);
  const md = coverageMarkdown(r);
  for (const h of ['## Use case × patient-safety goal', '## Techniques per domain', '## Provenance', '## Flows ranked', '## Scenarios']) {
    assert.ok(md.includes(h), h);
  }
});

test('coverage ranks by the simulation engine\'s harm probability when asked', () => {
  const lib = loadLibrary(undefined, { validate: false });
  const r = coverage(lib, { exploitability: simulatedExploitability, exploitabilityBasis: SIMULATED_EXPLOITABILITY_BASIS });
  assert.match(r.ranking_basis, /simulation engine's probability of reaching harm/);
  assert.equal(r.ranking.length, lib.flows.length);
  for (const row of r.ranking) {
    assert.equal(row.exploitability?.source, 'simulation', row.id);
    assert.ok(row.exploitability!.score >= 0 && row.exploitability!.score <= 1, row.id);
  }
  const sev = { negligible: 1, minor: 2, serious: 3, critical: 4, catastrophic: 5 } as Record<string, number>;
  const rch = { 'single-patient': 1, 'multi-patient': 2, fleet: 3 } as Record<string, number>;
  for (let i = 1; i < r.ranking.length; i++) {
    const a = r.ranking[i - 1], b = r.ranking[i];
    const key = (x: typeof a) => [sev[x.harm_severity], rch[x.reach], x.exploitability!.score];
    const [ka, kb] = [key(a), key(b)];
    const order = ka[0] - kb[0] || ka[1] - kb[1] || ka[2] - kb[2];
    assert.ok(order >= 0, `${a.id} before ${b.id}`);
  }
  // The same flow always gets the same value (exact engine, fixed seed).
  const f = lib.flows.find((x) => x.source.id === 'cloud-drug-library-limit-tampering')!;
  assert.equal(simulatedExploitability(f).score, simulatedExploitability(f).score);
  assert.equal(simulatedExploitability(f).basis, 'P(harm), exact');
});
