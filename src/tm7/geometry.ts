// Plane geometry for TMT diagrams: connectors and line boundaries are curves from a source point through a
// handle to a target point (drawn as the quadratic Bézier that passes through the handle at its midpoint),
// flattened into polylines; crossings are proper segment intersections. Border boundaries are rectangles.
import type { Point } from './read.ts';

/** Segments used to flatten one curve (TMT curves bend once; 32 keeps the error far below a stencil's size). */
export const CURVE_SEGMENTS = 32;

/** The polyline of the quadratic Bézier from `s` to `t` that passes through `h` at its midpoint. */
export function curvePolyline(s: Point, h: Point, t: Point, segments = CURVE_SEGMENTS): Point[] {
  const c = { x: 2 * h.x - (s.x + t.x) / 2, y: 2 * h.y - (s.y + t.y) / 2 };
  const out: Point[] = [];
  for (let i = 0; i <= segments; i++) {
    const u = i / segments;
    const a = (1 - u) * (1 - u);
    const b = 2 * (1 - u) * u;
    const d = u * u;
    out.push({ x: a * s.x + b * c.x + d * t.x, y: a * s.y + b * c.y + d * t.y });
  }
  return out;
}

const orient = (p: Point, q: Point, r: Point) => (q.x - p.x) * (r.y - p.y) - (q.y - p.y) * (r.x - p.x);

/**
 * True when segments ab and cd cross. A zero orientation counts as positive (symbolic perturbation), so a curve
 * passing exactly through a vertex of the other is counted once, a touch that turns back is not counted, and
 * collinear overlap is not a crossing.
 */
export function segmentsCross(a: Point, b: Point, c: Point, d: Point): boolean {
  const s = (v: number) => v >= 0;
  return s(orient(a, b, c)) !== s(orient(a, b, d)) && s(orient(c, d, a)) !== s(orient(c, d, b));
}

interface Box { minX: number; minY: number; maxX: number; maxY: number }

function bbox(pts: Point[]): Box {
  let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
  for (const p of pts) {
    if (p.x < minX) minX = p.x;
    if (p.y < minY) minY = p.y;
    if (p.x > maxX) maxX = p.x;
    if (p.y > maxY) maxY = p.y;
  }
  return { minX, minY, maxX, maxY };
}

/** Number of crossings between two polylines (0 when their bounding boxes are apart). */
export function polylineCrossings(a: Point[], b: Point[]): number {
  const ba = bbox(a);
  const bb = bbox(b);
  if (ba.maxX < bb.minX || bb.maxX < ba.minX || ba.maxY < bb.minY || bb.maxY < ba.minY) return 0;
  let n = 0;
  for (let i = 0; i + 1 < a.length; i++) {
    for (let j = 0; j + 1 < b.length; j++) if (segmentsCross(a[i], a[i + 1], b[j], b[j + 1])) n++;
  }
  return n;
}

export interface Rect { left: number; top: number; width: number; height: number }

export function inRect(p: Point, r: Rect): boolean {
  return p.x >= r.left && p.x <= r.left + r.width && p.y >= r.top && p.y <= r.top + r.height;
}

export function center(r: Rect): Point {
  return { x: r.left + r.width / 2, y: r.top + r.height / 2 };
}

/** Rectangle `inner` lies within `outer`. */
export function rectWithin(inner: Rect, outer: Rect): boolean {
  return inRect({ x: inner.left, y: inner.top }, outer) && inRect({ x: inner.left + inner.width, y: inner.top + inner.height }, outer);
}

function distToSegment(p: Point, a: Point, b: Point): { d: number; side: number; u: number } {
  const dx = b.x - a.x;
  const dy = b.y - a.y;
  const len2 = dx * dx + dy * dy;
  const u = len2 === 0 ? 0 : Math.max(0, Math.min(1, ((p.x - a.x) * dx + (p.y - a.y) * dy) / len2));
  const qx = a.x + u * dx;
  const qy = a.y + u * dy;
  return { d: Math.hypot(p.x - qx, p.y - qy), side: Math.sign(orient(a, b, p)), u };
}

/**
 * Which side of an open polyline a point lies on (+1 or -1), judged against the nearest segment (the end
 * segments extended), how far away it is, and whether it lies beyond an end (where "side" is a weak notion).
 */
export function sideOfPolyline(p: Point, line: Point[]): { side: 1 | -1; distance: number; beyondEnd: boolean } {
  let best = { d: Infinity, side: 0, u: 0.5, i: 0 };
  for (let i = 0; i + 1 < line.length; i++) {
    const r = distToSegment(p, line[i], line[i + 1]);
    if (r.d < best.d) best = { ...r, i };
  }
  const last = line.length - 2;
  const beyondEnd = (best.i === 0 && best.u === 0) || (best.i === last && best.u === 1);
  let side = best.side;
  if (side === 0 && line.length >= 2) side = Math.sign(orient(line[0], line[line.length - 1], p));
  return { side: side < 0 ? -1 : 1, distance: best.d, beyondEnd };
}
