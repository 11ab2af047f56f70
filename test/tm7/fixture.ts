// Builds small `.tm7` documents for tests, in the WCF DataContract shape TMT writes (namespaces, prefixes,
// i:type and i:nil), from a compact description. All names and texts here are our own.

const NS = 'http://schemas.datacontract.org/2004/07/ThreatModeling.Model';
const ABS = 'http://schemas.datacontract.org/2004/07/ThreatModeling.Model.Abstracts';
const KB = 'http://schemas.datacontract.org/2004/07/ThreatModeling.KnowledgeBase';
const ARR = 'http://schemas.microsoft.com/2003/10/Serialization/Arrays';
const SER = 'http://schemas.microsoft.com/2003/10/Serialization/';

const x = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export interface FxAttr {
  display: string;
  name?: string;
  /** List attribute: options and selected index. */
  options?: string[];
  selected?: number;
  /** Boolean attribute. */
  bool?: boolean;
}

export interface FxElement {
  guid: string;
  name: string;
  stencil: string;
  generic: string;
  typeId?: string;
  shape?: 'StencilEllipse' | 'StencilRectangle' | 'StencilParallelLines' | 'BorderBoundary';
  left: number;
  top: number;
  width?: number;
  height?: number;
  attrs?: FxAttr[];
}

export interface FxLine {
  guid: string;
  name: string;
  stencil: string;
  generic?: string;
  typeId?: string;
  shape?: 'Connector' | 'LineBoundary';
  source?: string;
  target?: string;
  s: [number, number];
  h: [number, number];
  t: [number, number];
  attrs?: FxAttr[];
}

export interface FxThreat {
  id: number;
  typeId: string;
  title: string;
  category: string;
  state?: string;
  justification?: string;
  priority?: string;
  source: string;
  flow: string;
  target: string;
  diagram: string;
}

export interface FxDiagram {
  guid: string;
  name: string;
  elements: FxElement[];
  lines: FxLine[];
}

function props(stencil: string, name: string, attrs: FxAttr[] = []): string {
  const any = (type: string, inner: string) => `<a:anyType i:type="b:${type}" xmlns:b="${KB}">${inner}</a:anyType>`;
  let s = `<Properties xmlns="${ABS}" xmlns:a="${ARR}">`;
  s += any('HeaderDisplayAttribute', `<b:DisplayName>${x(stencil)}</b:DisplayName><b:Name/><b:Value i:nil="true"/>`);
  s += any('StringDisplayAttribute', `<b:DisplayName>Name</b:DisplayName><b:Name/><b:Value i:type="c:string" xmlns:c="http://www.w3.org/2001/XMLSchema">${x(name)}</b:Value>`);
  for (const a of attrs) {
    if (a.bool !== undefined) {
      s += any('BooleanDisplayAttribute', `<b:DisplayName>${x(a.display)}</b:DisplayName><b:Name>${x(a.name ?? '')}</b:Name><b:Value i:type="c:boolean" xmlns:c="http://www.w3.org/2001/XMLSchema">${a.bool}</b:Value>`);
    } else {
      const opts = (a.options ?? []).map((o) => `<a:string>${x(o)}</a:string>`).join('');
      s += any('ListDisplayAttribute', `<b:DisplayName>${x(a.display)}</b:DisplayName><b:Name>${x(a.name ?? '')}</b:Name><b:Value i:type="a:ArrayOfstring">${opts}</b:Value><b:SelectedIndex>${a.selected ?? 0}</b:SelectedIndex>`);
    }
  }
  return s + '</Properties>';
}

const abs = (tag: string, v: string) => `<${tag} xmlns="${ABS}">${x(v)}</${tag}>`;

function element(e: FxElement): string {
  const shape = e.shape ?? (e.generic === 'GE.DS' ? 'StencilParallelLines' : e.generic === 'GE.EI' ? 'StencilRectangle' : 'StencilEllipse');
  return `<a:KeyValueOfguidanyType><a:Key>${e.guid}</a:Key><a:Value z:Id="${e.guid.slice(0, 4)}" i:type="${shape}">` +
    abs('GenericTypeId', e.generic) + abs('Guid', e.guid) + props(e.stencil, e.name, e.attrs) + abs('TypeId', e.typeId ?? e.generic) +
    `<Height xmlns="${ABS}">${e.height ?? 100}</Height><Left xmlns="${ABS}">${e.left}</Left><StrokeDashArray i:nil="true" xmlns="${ABS}"/>` +
    `<StrokeThickness xmlns="${ABS}">1</StrokeThickness><Top xmlns="${ABS}">${e.top}</Top><Width xmlns="${ABS}">${e.width ?? 100}</Width>` +
    '</a:Value></a:KeyValueOfguidanyType>';
}

const ZERO = '00000000-0000-0000-0000-000000000000';

function line(l: FxLine): string {
  const shape = l.shape ?? 'Connector';
  const generic = l.generic ?? (shape === 'Connector' ? 'GE.DF' : 'GE.TB.L');
  return `<a:KeyValueOfguidanyType><a:Key>${l.guid}</a:Key><a:Value z:Id="${l.guid.slice(0, 4)}" i:type="${shape}">` +
    abs('GenericTypeId', generic) + abs('Guid', l.guid) + props(l.stencil, l.name, l.attrs) + abs('TypeId', l.typeId ?? generic) +
    `<HandleX xmlns="${ABS}">${l.h[0]}</HandleX><HandleY xmlns="${ABS}">${l.h[1]}</HandleY><PortSource xmlns="${ABS}">None</PortSource><PortTarget xmlns="${ABS}">None</PortTarget>` +
    `<SourceGuid xmlns="${ABS}">${l.source ?? ZERO}</SourceGuid><SourceX xmlns="${ABS}">${l.s[0]}</SourceX><SourceY xmlns="${ABS}">${l.s[1]}</SourceY>` +
    `<TargetGuid xmlns="${ABS}">${l.target ?? ZERO}</TargetGuid><TargetX xmlns="${ABS}">${l.t[0]}</TargetX><TargetY xmlns="${ABS}">${l.t[1]}</TargetY>` +
    '</a:Value></a:KeyValueOfguidanyType>';
}

function threat(t: FxThreat): string {
  const kv = (k: string, v: string) => `<a:KeyValueOfstringstring><a:Key>${k}</a:Key><a:Value>${x(v)}</a:Value></a:KeyValueOfstringstring>`;
  return `<a:KeyValueOfstringThreatpc_P0_PhOB><a:Key>${t.typeId}${t.source}${t.flow}${t.target}</a:Key><a:Value xmlns:b="${KB}">` +
    `<b:ChangedBy i:nil="true"/><b:DrawingSurfaceGuid>${t.diagram}</b:DrawingSurfaceGuid><b:FlowGuid>${t.flow}</b:FlowGuid><b:Id>${t.id}</b:Id>` +
    `<b:InteractionKey>${t.source}:${t.flow}:${t.target}</b:InteractionKey><b:ModifiedAt>0001-01-01T00:00:00</b:ModifiedAt><b:Priority>${t.priority ?? 'High'}</b:Priority>` +
    `<b:Properties>${kv('Title', t.title)}${kv('UserThreatCategory', t.category)}${kv('Priority', t.priority ?? 'High')}</b:Properties>` +
    `<b:SourceGuid>${t.source}</b:SourceGuid><b:State>${t.state ?? 'AutoGenerated'}</b:State>` +
    (t.justification ? `<b:StateInformation>${x(t.justification)}</b:StateInformation>` : '<b:StateInformation i:nil="true"/>') +
    `<b:TargetGuid>${t.target}</b:TargetGuid><b:TypeId>${t.typeId}</b:TypeId></a:Value></a:KeyValueOfstringThreatpc_P0_PhOB>`;
}

export function buildTm7(d: { name: string; diagrams: FxDiagram[]; threats?: FxThreat[]; prolog?: string }): string {
  let s = `${d.prolog ?? ''}<ThreatModel xmlns="${NS}" xmlns:i="http://www.w3.org/2001/XMLSchema-instance"><DrawingSurfaceList>`;
  for (const g of d.diagrams) {
    s += `<DrawingSurfaceModel z:Id="${g.guid.slice(0, 4)}" xmlns:z="${SER}">` + abs('GenericTypeId', 'DRAWINGSURFACE') + abs('Guid', g.guid) +
      props('Diagram', g.name) + abs('TypeId', 'DRAWINGSURFACE') +
      `<Borders xmlns:a="${ARR}">${g.elements.map(element).join('')}</Borders><Header>${x(g.name)}</Header>` +
      `<Lines xmlns:a="${ARR}">${g.lines.map(line).join('')}</Lines><Zoom>1</Zoom></DrawingSurfaceModel>`;
  }
  s += `</DrawingSurfaceList><MetaInformation><Assumptions/><Contributors/><ExternalDependencies/><HighLevelSystemDescription/><Owner/><Reviewer/>` +
    `<ThreatModelName>${x(d.name)}</ThreatModelName></MetaInformation><Notes/>`;
  s += `<ThreatInstances xmlns:a="${ARR}">${(d.threats ?? []).map(threat).join('')}</ThreatInstances><ThreatGenerationEnabled>true</ThreatGenerationEnabled><Validations/><Version>4.3</Version>`;
  s += '<KnowledgeBase xmlns:a="' + ARR + '"><GenericElements>' +
    [['GE.P', 'Generic Process'], ['GE.EI', 'Generic External Interactor'], ['GE.DS', 'Generic Data Store'], ['GE.DF', 'Generic Data Flow'],
      ['GE.TB.L', 'Generic Trust Line Boundary'], ['GE.TB.B', 'Generic Trust Border Boundary'], ['GE.A', 'Free Text Annotation'],
      ['med-0001', 'Generic Physical Medical Component']]
      .map(([id, n]) => `<ElementType><Id>${id}</Id><Name>${n}</Name><ParentId>ROOT</ParentId></ElementType>`).join('') +
    '</GenericElements><Manifest><Author>test</Author><Id>kb-1</Id><Name>Test Template</Name><Version>1.0</Version></Manifest>' +
    '<ThreatCategories>' + [['S', 'Spoofing'], ['T', 'Tampering'], ['PS', 'Patient Safety']].map(([id, n]) => `<ThreatCategory><Id>${id}</Id><Name>${n}</Name></ThreatCategory>`).join('') +
    '</ThreatCategories><ThreatTypes><ThreatType><Category>S</Category><Id>TS1</Id><ShortTitle>Spoof {source.Name}</ShortTitle>' +
    '<GenerationFilters><Exclude/><Include>flow crosses \'GE.TB.L\'</Include></GenerationFilters></ThreatType></ThreatTypes></KnowledgeBase>';
  return s + '</ThreatModel>';
}

/** Attributes of a flow as TMT's generic data flow has them (index 0 = the template default). */
export const FLOW_ATTRS = (conf: number, integ: number, auth: number): FxAttr[] => [
  { display: 'Provides Confidentiality', name: 'providesConfidentiality', options: ['No', 'Yes'], selected: conf },
  { display: 'Provides Integrity', name: 'providesIntegrity', options: ['No', 'Yes'], selected: integ },
  { display: 'Source Authenticated', name: 'authenticatesSource', options: ['Not Selected', 'No', 'Yes'], selected: auth },
];

/**
 * A small home-monitoring model on one diagram: a patient sensor and a hub at home (inside a border boundary
 * "Home"), a cloud service and store behind a vertical line boundary "Cloud edge", and a clinician.
 *
 *   Home (border 0..400 × 0..400)      | Cloud edge (line x=600)
 *     sensor (50,50)  → hub (250,50) → | → ingest (800,50) → store (800,300)
 *                                      |   clinician (1100,50) ← ingest
 */
export function homeModel(threats: FxThreat[] = []): string {
  const D = 'd0000000-0000-0000-0000-000000000001';
  return buildTm7({
    name: 'Home Monitor',
    diagrams: [{
      guid: D,
      name: 'Main',
      elements: [
        { guid: 'e1', name: 'Pulse Sensor', stencil: 'Sensor', generic: 'med-0001', left: 50, top: 50,
          attrs: [{ display: 'Safety Critical', options: ['Yes', 'No'], selected: 0 }] },
        { guid: 'e2', name: 'Home Hub', stencil: 'Generic Process', generic: 'GE.P', left: 250, top: 50 },
        { guid: 'e3', name: 'Ingest API', stencil: 'Web Service', generic: 'GE.P', typeId: 'SE.P.TMCore.WebSvc', left: 800, top: 50,
          attrs: [{ display: 'Sanitizes Input', name: 'hasInputSanitizers', options: ['Not Selected', 'Yes', 'No'], selected: 1 }] },
        { guid: 'e4', name: 'Readings Store', stencil: 'Cloud Storage', generic: 'GE.DS', typeId: 'SE.DS.TMCore.CloudStorage', left: 800, top: 300,
          attrs: [
            { display: 'Encrypted', name: 'Encrypted', options: ['No', 'Yes'], selected: 1 },
            { display: 'Stores Personally Identifiable Information or PHI', name: 'phi-guid', options: ['Yes', 'No'], selected: 0 },
          ] },
        { guid: 'e5', name: 'Clinician', stencil: 'Human User', generic: 'GE.EI', typeId: 'SE.EI.TMCore.User', left: 1100, top: 50 },
        { guid: 'e6', name: 'Note', stencil: 'Free Text Annotation', generic: 'GE.A', shape: 'StencilRectangle', left: 1100, top: 400 },
        { guid: 'b1', name: 'Home', stencil: 'Generic Trust Border Boundary', generic: 'GE.TB.B', shape: 'BorderBoundary', left: 0, top: 0, width: 400, height: 400 },
      ],
      lines: [
        { guid: 'f1', name: 'Pulse Readings', stencil: 'Generic Data Flow', source: 'e1', target: 'e2', s: [150, 100], h: [200, 100], t: [250, 100], attrs: FLOW_ATTRS(0, 0, 0) },
        { guid: 'f2', name: 'Generic Data Flow', stencil: 'Generic Data Flow', source: 'e2', target: 'e3', s: [350, 100], h: [575, 100], t: [800, 100], attrs: FLOW_ATTRS(0, 0, 1) },
        { guid: 'f3', name: 'Store Readings', stencil: 'HTTPS', typeId: 'SE.DF.TMCore.HTTPS', source: 'e3', target: 'e4', s: [850, 150], h: [850, 225], t: [850, 300],
          attrs: [{ display: 'Source Authenticated', name: 'authenticatesSource', options: ['Not Selected', 'No', 'Yes'], selected: 2 }] },
        { guid: 'f4', name: 'Dashboard', stencil: 'HTTPS', typeId: 'SE.DF.TMCore.HTTPS', source: 'e3', target: 'e5', s: [900, 100], h: [1000, 100], t: [1100, 100] },
        { guid: 'l1', name: 'Cloud edge', stencil: 'Internet Boundary', shape: 'LineBoundary', typeId: 'SE.TB.L.TMCore.Internet', s: [600, -50], h: [600, 300], t: [600, 650] },
      ],
    }],
    threats,
  });
}

export const HOME_DIAGRAM = 'd0000000-0000-0000-0000-000000000001';
