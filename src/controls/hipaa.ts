// The HIPAA Security Rule citations (45 CFR 164.302–164.318) a control may cite: standards and
// implementation specifications, with (R)equired / (A)ddressable status. Public-domain facts (eCFR);
// short labels are our own.

export interface HipaaCitation {
  citation: string;
  label: string;
  /** Implementation specification status; standards themselves have none. */
  status?: 'required' | 'addressable';
}

const R = 'required' as const;
const A = 'addressable' as const;

export const HIPAA_SECURITY_RULE: readonly HipaaCitation[] = [
  { citation: '164.306(a)', label: 'General security requirements' },
  { citation: '164.308(a)(1)(i)', label: 'Security management process' },
  { citation: '164.308(a)(1)(ii)(A)', label: 'Risk analysis', status: R },
  { citation: '164.308(a)(1)(ii)(B)', label: 'Risk management', status: R },
  { citation: '164.308(a)(1)(ii)(C)', label: 'Sanction policy', status: R },
  { citation: '164.308(a)(1)(ii)(D)', label: 'Information system activity review', status: R },
  { citation: '164.308(a)(2)', label: 'Assigned security responsibility' },
  { citation: '164.308(a)(3)(i)', label: 'Workforce security' },
  { citation: '164.308(a)(3)(ii)(A)', label: 'Authorization and/or supervision', status: A },
  { citation: '164.308(a)(3)(ii)(B)', label: 'Workforce clearance procedure', status: A },
  { citation: '164.308(a)(3)(ii)(C)', label: 'Termination procedures', status: A },
  { citation: '164.308(a)(4)(i)', label: 'Information access management' },
  { citation: '164.308(a)(4)(ii)(A)', label: 'Isolating health care clearinghouse functions', status: R },
  { citation: '164.308(a)(4)(ii)(B)', label: 'Access authorization', status: A },
  { citation: '164.308(a)(4)(ii)(C)', label: 'Access establishment and modification', status: A },
  { citation: '164.308(a)(5)(i)', label: 'Security awareness and training' },
  { citation: '164.308(a)(5)(ii)(A)', label: 'Security reminders', status: A },
  { citation: '164.308(a)(5)(ii)(B)', label: 'Protection from malicious software', status: A },
  { citation: '164.308(a)(5)(ii)(C)', label: 'Log-in monitoring', status: A },
  { citation: '164.308(a)(5)(ii)(D)', label: 'Password management', status: A },
  { citation: '164.308(a)(6)(i)', label: 'Security incident procedures' },
  { citation: '164.308(a)(6)(ii)', label: 'Response and reporting', status: R },
  { citation: '164.308(a)(7)(i)', label: 'Contingency plan' },
  { citation: '164.308(a)(7)(ii)(A)', label: 'Data backup plan', status: R },
  { citation: '164.308(a)(7)(ii)(B)', label: 'Disaster recovery plan', status: R },
  { citation: '164.308(a)(7)(ii)(C)', label: 'Emergency mode operation plan', status: R },
  { citation: '164.308(a)(7)(ii)(D)', label: 'Testing and revision procedures', status: A },
  { citation: '164.308(a)(7)(ii)(E)', label: 'Applications and data criticality analysis', status: A },
  { citation: '164.308(a)(8)', label: 'Evaluation' },
  { citation: '164.308(b)(1)', label: 'Business associate contracts and other arrangements' },
  { citation: '164.310(a)(1)', label: 'Facility access controls' },
  { citation: '164.310(a)(2)(i)', label: 'Contingency operations', status: A },
  { citation: '164.310(a)(2)(ii)', label: 'Facility security plan', status: A },
  { citation: '164.310(a)(2)(iii)', label: 'Access control and validation procedures', status: A },
  { citation: '164.310(a)(2)(iv)', label: 'Maintenance records', status: A },
  { citation: '164.310(b)', label: 'Workstation use' },
  { citation: '164.310(c)', label: 'Workstation security' },
  { citation: '164.310(d)(1)', label: 'Device and media controls' },
  { citation: '164.310(d)(2)(i)', label: 'Disposal', status: R },
  { citation: '164.310(d)(2)(ii)', label: 'Media re-use', status: R },
  { citation: '164.310(d)(2)(iii)', label: 'Accountability', status: A },
  { citation: '164.310(d)(2)(iv)', label: 'Data backup and storage', status: A },
  { citation: '164.312(a)(1)', label: 'Access control' },
  { citation: '164.312(a)(2)(i)', label: 'Unique user identification', status: R },
  { citation: '164.312(a)(2)(ii)', label: 'Emergency access procedure', status: R },
  { citation: '164.312(a)(2)(iii)', label: 'Automatic logoff', status: A },
  { citation: '164.312(a)(2)(iv)', label: 'Encryption and decryption', status: A },
  { citation: '164.312(b)', label: 'Audit controls' },
  { citation: '164.312(c)(1)', label: 'Integrity' },
  { citation: '164.312(c)(2)', label: 'Mechanism to authenticate electronic PHI', status: A },
  { citation: '164.312(d)', label: 'Person or entity authentication' },
  { citation: '164.312(e)(1)', label: 'Transmission security' },
  { citation: '164.312(e)(2)(i)', label: 'Integrity controls', status: A },
  { citation: '164.312(e)(2)(ii)', label: 'Encryption', status: A },
  { citation: '164.314(a)(1)', label: 'Business associate contracts or other arrangements' },
  { citation: '164.314(b)(1)', label: 'Requirements for group health plans' },
  { citation: '164.316(a)', label: 'Policies and procedures' },
  { citation: '164.316(b)(1)', label: 'Documentation' },
  { citation: '164.316(b)(2)(i)', label: 'Time limit', status: R },
  { citation: '164.316(b)(2)(ii)', label: 'Availability', status: R },
  { citation: '164.316(b)(2)(iii)', label: 'Updates', status: R },
];

const BY_CITATION = new Map(HIPAA_SECURITY_RULE.map((c) => [c.citation, c]));

export function hipaaCitation(citation: string): HipaaCitation | undefined {
  return BY_CITATION.get(citation);
}
