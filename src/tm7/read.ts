// Reading a Microsoft Threat Modeling Tool `.tm7` file (WCF DataContractSerializer XML) into plain typed
// records: diagrams with their stencils, connectors and boundaries (with geometry), the threat instances with
// state and justification, and the knowledge-base names needed to label them. Elements are matched on local
// names only; nothing here interprets the model (see convert.ts).
import { MedflowError } from '../util/errors.ts';
import { child, childNumber, childText, children, parseXmlDocument, text, xsiType, type XNode } from './xml.ts';

export interface Point {
  x: number;
  y: number;
}

/** One display attribute of a stencil ("Name", "Out Of Scope", list attributes such as "Provides Integrity"). */
export interface Tm7Attribute {
  kind: 'header' | 'string' | 'boolean' | 'list' | 'other';
  /** Label shown in TMT. */
  display: string;
  /** Internal name (a word such as `providesIntegrity` or a template GUID), may be empty. */
  name: string;
  /** Value: the string, "true"/"false", or the selected option of a list. */
  value?: string;
  /** List attributes: all options. */
  options?: string[];
}

export type Tm7ShapeKind = 'rectangle' | 'ellipse' | 'parallel-lines' | 'border-boundary' | 'other';

export interface Tm7Element {
  guid: string;
  diagram: string;
  /** `i:type` of the shape: StencilRectangle, StencilEllipse, StencilParallelLines, BorderBoundary. */
  shape: Tm7ShapeKind;
  genericTypeId: string;
  typeId: string;
  /** Stencil name (the first header attribute, e.g. "Sensor", "Cloud Storage"). */
  stencil: string;
  /** The label the modeller gave it. */
  name: string;
  attributes: Tm7Attribute[];
  left: number;
  top: number;
  width: number;
  height: number;
}

export interface Tm7Line {
  guid: string;
  diagram: string;
  /** `Connector` (a data flow) or `LineBoundary`. */
  shape: 'connector' | 'line-boundary' | 'other';
  genericTypeId: string;
  typeId: string;
  stencil: string;
  name: string;
  attributes: Tm7Attribute[];
  sourceGuid?: string;
  targetGuid?: string;
  source: Point;
  handle: Point;
  target: Point;
}

export interface Tm7Diagram {
  guid: string;
  name: string;
  elements: Tm7Element[];
  lines: Tm7Line[];
}

export interface Tm7Threat {
  /** TMT's numeric threat id, as text. */
  id: string;
  /** Key of the instance map: TypeId + source + flow + target GUIDs. */
  key: string;
  typeId: string;
  title: string;
  /** Category display name ("Spoofing", "Patient Safety"). */
  category: string;
  /** Category id in the knowledge base (S, T, …, or a GUID). */
  categoryId?: string;
  state: string;
  /** Justification (TMT "StateInformation"). */
  justification?: string;
  priority?: string;
  sourceGuid?: string;
  flowGuid?: string;
  targetGuid?: string;
  diagramGuid?: string;
  interaction?: string;
  description?: string;
  changedBy?: string;
  modifiedAt?: string;
}

export interface Tm7ElementType {
  id: string;
  name: string;
  parentId?: string;
}

export interface Tm7ThreatType {
  id: string;
  title: string;
  category: string;
  include?: string;
  exclude?: string;
}

export interface Tm7Document {
  version?: string;
  meta: {
    name?: string;
    owner?: string;
    reviewer?: string;
    contributors?: string;
    assumptions?: string;
    externalDependencies?: string;
    description?: string;
  };
  knowledgeBase?: { name?: string; id?: string; version?: string; author?: string };
  diagrams: Tm7Diagram[];
  threats: Tm7Threat[];
  /** Knowledge-base element types by id. */
  elementTypes: Map<string, Tm7ElementType>;
  threatTypes: Map<string, Tm7ThreatType>;
  /** Threat category names by id. */
  categories: Map<string, string>;
}

const ZERO_GUID = '00000000-0000-0000-0000-000000000000';
const nonEmpty = (s: string | undefined) => (s !== undefined && s.trim() !== '' ? s.trim() : undefined);

function readAttributes(props: XNode | undefined): Tm7Attribute[] {
  const out: Tm7Attribute[] = [];
  for (const a of children(props, 'anyType')) {
    const t = xsiType(a) ?? '';
    const display = childText(a, 'DisplayName') ?? '';
    const name = childText(a, 'Name') ?? '';
    const v = child(a, 'Value');
    if (t === 'HeaderDisplayAttribute') out.push({ kind: 'header', display, name });
    else if (t === 'StringDisplayAttribute') out.push({ kind: 'string', display, name, value: text(v) });
    else if (t === 'BooleanDisplayAttribute') out.push({ kind: 'boolean', display, name, value: text(v) });
    else if (t === 'ListDisplayAttribute') {
      const options = children(v, 'string').map((s) => text(s) ?? '');
      const idx = childNumber(a, 'SelectedIndex');
      out.push({ kind: 'list', display, name, options, value: idx !== undefined && idx >= 0 && idx < options.length ? options[idx] : undefined });
    } else out.push({ kind: 'other', display, name, value: text(v) });
  }
  return out;
}

const stencilOf = (attrs: Tm7Attribute[]) => attrs.find((a) => a.kind === 'header')?.display ?? '';
const nameOf = (attrs: Tm7Attribute[]) => attrs.find((a) => a.kind === 'string' && a.display === 'Name')?.value ?? '';

const SHAPES: Record<string, Tm7ShapeKind> = {
  StencilRectangle: 'rectangle', StencilEllipse: 'ellipse', StencilParallelLines: 'parallel-lines', BorderBoundary: 'border-boundary',
};

function point(v: XNode, prefix: string): Point {
  return { x: childNumber(v, `${prefix}X`) ?? 0, y: childNumber(v, `${prefix}Y`) ?? 0 };
}

function readDiagram(ds: XNode): Tm7Diagram {
  const guid = childText(ds, 'Guid') ?? '';
  const attrs = readAttributes(child(ds, 'Properties'));
  const name = nonEmpty(childText(ds, 'Header')) ?? nonEmpty(nameOf(attrs)) ?? 'Diagram';
  const elements: Tm7Element[] = [];
  for (const kv of children(child(ds, 'Borders'), 'KeyValueOfguidanyType')) {
    const v = child(kv, 'Value');
    if (!v) continue;
    const a = readAttributes(child(v, 'Properties'));
    elements.push({
      guid: childText(v, 'Guid') ?? childText(kv, 'Key') ?? '',
      diagram: guid,
      shape: SHAPES[xsiType(v) ?? ''] ?? 'other',
      genericTypeId: childText(v, 'GenericTypeId') ?? '',
      typeId: childText(v, 'TypeId') ?? '',
      stencil: stencilOf(a),
      name: nameOf(a),
      attributes: a,
      left: childNumber(v, 'Left') ?? 0,
      top: childNumber(v, 'Top') ?? 0,
      width: childNumber(v, 'Width') ?? 0,
      height: childNumber(v, 'Height') ?? 0,
    });
  }
  const lines: Tm7Line[] = [];
  for (const kv of children(child(ds, 'Lines'), 'KeyValueOfguidanyType')) {
    const v = child(kv, 'Value');
    if (!v) continue;
    const t = xsiType(v);
    const a = readAttributes(child(v, 'Properties'));
    const sg = childText(v, 'SourceGuid');
    const tg = childText(v, 'TargetGuid');
    lines.push({
      guid: childText(v, 'Guid') ?? childText(kv, 'Key') ?? '',
      diagram: guid,
      shape: t === 'Connector' ? 'connector' : t === 'LineBoundary' ? 'line-boundary' : 'other',
      genericTypeId: childText(v, 'GenericTypeId') ?? '',
      typeId: childText(v, 'TypeId') ?? '',
      stencil: stencilOf(a),
      name: nameOf(a),
      attributes: a,
      sourceGuid: sg && sg !== ZERO_GUID ? sg : undefined,
      targetGuid: tg && tg !== ZERO_GUID ? tg : undefined,
      source: point(v, 'Source'),
      handle: point(v, 'Handle'),
      target: point(v, 'Target'),
    });
  }
  return { guid, name, elements, lines };
}

function readThreat(v: XNode, key: string, types: Map<string, Tm7ThreatType>, categories: Map<string, string>): Tm7Threat {
  const props = new Map<string, string>();
  for (const kv of children(child(v, 'Properties'), 'KeyValueOfstringstring')) {
    const k = childText(kv, 'Key');
    const val = childText(kv, 'Value');
    if (k !== undefined && val !== undefined) props.set(k, val);
  }
  const typeId = childText(v, 'TypeId') ?? '';
  const tt = types.get(typeId);
  const categoryId = tt?.category;
  const category = nonEmpty(props.get('UserThreatCategory')) ?? nonEmpty(childText(v, 'UserThreatCategory'))
    ?? (categoryId !== undefined ? categories.get(categoryId) : undefined) ?? 'Uncategorized';
  return {
    id: childText(v, 'Id') ?? '',
    key,
    typeId,
    title: nonEmpty(props.get('Title')) ?? nonEmpty(childText(v, 'Title')) ?? tt?.title ?? `Threat ${childText(v, 'Id') ?? ''}`,
    category,
    categoryId,
    state: nonEmpty(childText(v, 'State')) ?? 'AutoGenerated',
    justification: nonEmpty(childText(v, 'StateInformation')),
    priority: nonEmpty(props.get('Priority')) ?? nonEmpty(childText(v, 'Priority')),
    sourceGuid: nonEmpty(childText(v, 'SourceGuid')),
    flowGuid: nonEmpty(childText(v, 'FlowGuid')),
    targetGuid: nonEmpty(childText(v, 'TargetGuid')),
    diagramGuid: nonEmpty(childText(v, 'DrawingSurfaceGuid')),
    interaction: nonEmpty(props.get('InteractionString')),
    description: nonEmpty(props.get('UserThreatDescription')),
    changedBy: nonEmpty(childText(v, 'ChangedBy')),
    modifiedAt: nonEmpty(childText(v, 'ModifiedAt')),
  };
}

/** Parses `.tm7` text. Throws a MedflowError for anything that is not a TMT model. */
export function readTm7(xml: string, file?: string): Tm7Document {
  const root = parseXmlDocument(xml, {
    root: 'ThreatModel',
    what: 'a Microsoft Threat Modeling Tool .tm7 model',
    file,
    stopNodes: ['*.ImageSource', '*.ImageStream', '*.ImageLocation'],
  });
  if (!child(root, 'DrawingSurfaceList') && !child(root, 'ThreatInstances')) {
    throw new MedflowError('<ThreatModel> has neither DrawingSurfaceList nor ThreatInstances: not a .tm7 model', { file });
  }
  const kb = child(root, 'KnowledgeBase');
  const manifest = child(kb, 'Manifest');
  const elementTypes = new Map<string, Tm7ElementType>();
  for (const group of ['GenericElements', 'StandardElements']) {
    for (const e of children(child(kb, group), 'ElementType')) {
      const id = childText(e, 'Id');
      if (id) elementTypes.set(id, { id, name: childText(e, 'Name') ?? id, parentId: nonEmpty(childText(e, 'ParentId')) });
    }
  }
  const categories = new Map<string, string>();
  for (const c of children(child(kb, 'ThreatCategories'), 'ThreatCategory')) {
    const id = childText(c, 'Id');
    if (id) categories.set(id, childText(c, 'Name') ?? id);
  }
  const threatTypes = new Map<string, Tm7ThreatType>();
  for (const t of children(child(kb, 'ThreatTypes'), 'ThreatType')) {
    const id = childText(t, 'Id');
    if (!id) continue;
    const gf = child(t, 'GenerationFilters');
    threatTypes.set(id, {
      id,
      title: childText(t, 'ShortTitle') ?? id,
      category: childText(t, 'Category') ?? '',
      include: nonEmpty(childText(gf, 'Include')),
      exclude: nonEmpty(childText(gf, 'Exclude')),
    });
  }
  const mi = child(root, 'MetaInformation');
  const diagrams = children(child(root, 'DrawingSurfaceList'), 'DrawingSurfaceModel').map(readDiagram);
  const threats = children(child(root, 'ThreatInstances'), 'KeyValueOfstringThreatpc_P0_PhOB')
    .map((kv) => ({ key: childText(kv, 'Key') ?? '', v: child(kv, 'Value') }))
    .filter((x): x is { key: string; v: XNode } => x.v !== undefined)
    .map((x) => readThreat(x.v, x.key, threatTypes, categories));
  return {
    version: nonEmpty(childText(root, 'Version')),
    meta: {
      name: nonEmpty(childText(mi, 'ThreatModelName')),
      owner: nonEmpty(childText(mi, 'Owner')),
      reviewer: nonEmpty(childText(mi, 'Reviewer')),
      contributors: nonEmpty(childText(mi, 'Contributors')),
      assumptions: nonEmpty(childText(mi, 'Assumptions')),
      externalDependencies: nonEmpty(childText(mi, 'ExternalDependencies')),
      description: nonEmpty(childText(mi, 'HighLevelSystemDescription')),
    },
    knowledgeBase: manifest
      ? {
          name: nonEmpty(childText(manifest, 'Name')),
          id: nonEmpty(childText(manifest, 'Id')),
          version: nonEmpty(childText(manifest, 'Version')),
          author: nonEmpty(childText(manifest, 'Author')),
        }
      : undefined,
    diagrams,
    threats,
    elementTypes,
    threatTypes,
    categories,
  };
}
