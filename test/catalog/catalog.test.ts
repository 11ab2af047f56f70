import { test } from 'node:test';
import assert from 'node:assert/strict';
import { catalog, catalogVersion } from '../../src/catalog/index.ts';

const c = catalog();

test('catalog holds ATT&CK Enterprise, ICS, Mobile and ATLAS facts', () => {
  assert.equal(catalogVersion(c), 'ATT&CK 18 + ATLAS 5.6.0');
  assert.equal(c.technique('T1566.001')?.name, 'Spearphishing Attachment');
  assert.deepEqual(c.technique('T1566.001')?.tactics, ['TA0001']);
  assert.equal(c.technique('T0831')?.name, 'Manipulation of Control');
  assert.deepEqual(c.technique('T0831')?.domains, ['ics']);
  assert.equal(c.technique('AML.T0043')?.name, 'Craft Adversarial Data');
  assert.equal(c.tactic('TA0108')?.domain, 'ics');
  assert.equal(c.mitigation('M1032')?.name, 'Multi-factor Authentication');
});

test('revoked techniques point to their replacement', () => {
  assert.equal(c.technique('T1193')?.revoked, true);
  assert.equal(c.current('T1193')?.id, 'T1566.001');
});

test('tactic/technique pairs follow ATT&CK, sub-techniques may use the parent tactics', () => {
  assert.equal(c.isValidPair('TA0001', 'T1566.001'), true);
  assert.equal(c.isValidPair('TA0001', 'T1056.001'), false); // one of the CSA data-quality problems
  assert.equal(c.isValidPair('TA0006', 'T1056.001'), true);
  assert.equal(c.isValidPair('TA0105', 'T0831'), true);
  assert.equal(c.isValidPair('AML.TA0001', 'AML.T0043'), true);
});

test('mitigation links run both ways', () => {
  assert.ok(c.technique('T1078.004')!.mitigations.includes('M1032'));
  assert.ok(c.techniquesMitigatedBy('M1032').includes('T1078.004'));
  assert.ok(c.technique('AML.T0020')!.mitigations.length > 0);
});

test('typo repair is applied only when unambiguous', () => {
  assert.equal(c.repairId('TA008'), 'TA0008');
  assert.equal(c.repairId(' TA0040'), 'TA0040');
  assert.equal(c.repairId('t1059.1'), 'T1059.001');
  assert.equal(c.repairId('Initial Access'), undefined);
  assert.deepEqual(c.tacticsNamed('Initial Access').map((t) => t.id), ['TA0001', 'TA0027', 'TA0108', 'AML.TA0004']);
});
