// A layered (Sugiyama-style) layout for flows drawn top to bottom: cycles broken by a depth-first
// search, longest-path layering (sources pulled down next to what they feed), dummy nodes on long
// edges, barycentre ordering sweeps keeping the ordering with fewest crossings, and x positions that
// follow the neighbours as closely as the spacing allows (pool-adjacent-violators per layer).
// Synchronous, deterministic and roughly O(iterations · edges · log) — large flows take milliseconds.

export interface LayoutNode {
  id: string;
  width: number;
  height: number;
}

export interface LayoutEdge {
  source: string;
  target: string;
}

export interface LayoutOptions {
  /** Horizontal gap between neighbouring blocks. */
  gapX?: number;
  /** Vertical gap between layers. */
  gapY?: number;
  /** Ordering sweeps (each one down and one up). */
  sweeps?: number;
  /** Positions are rounded to this grid. */
  grid?: number;
}

/** Block centres by id; the layout's bounding box starts at (0, 0). */
export type Positions = Map<string, { x: number; y: number }>;

interface V {
  id: string;
  w: number;
  h: number;
  layer: number;
  dummy: boolean;
  order: number;
  x: number;
  up: number[]; // indices of neighbours in the layer above
  down: number[]; // indices of neighbours in the layer below
}

export function layeredLayout(nodes: LayoutNode[], edges: LayoutEdge[], opts: LayoutOptions = {}): Positions {
  const gapX = opts.gapX ?? 60, gapY = opts.gapY ?? 90, sweeps = opts.sweeps ?? 8, grid = opts.grid ?? 10;
  const n = nodes.length;
  const index = new Map(nodes.map((v, i) => [v.id, i]));
  const out: number[][] = nodes.map(() => []);
  const seenEdge = new Set<string>();
  for (const e of edges) {
    const a = index.get(e.source), b = index.get(e.target);
    if (a === undefined || b === undefined || a === b || seenEdge.has(`${a}>${b}`)) continue;
    seenEdge.add(`${a}>${b}`);
    out[a].push(b);
  }

  // 1. Break cycles: reverse the back edges of an iterative depth-first search (in input order).
  const state = new Uint8Array(n); // 0 new, 1 on stack, 2 done
  const dag: number[][] = nodes.map(() => []);
  for (let root = 0; root < n; root++) {
    if (state[root]) continue;
    const stack: Array<[number, number]> = [[root, 0]];
    state[root] = 1;
    while (stack.length) {
      const top = stack[stack.length - 1];
      const [v, i] = top;
      if (i < out[v].length) {
        top[1]++;
        const w = out[v][i];
        if (state[w] === 1) dag[w].push(v); // back edge: reverse
        else {
          dag[v].push(w);
          if (state[w] === 0) {
            state[w] = 1;
            stack.push([w, 0]);
          }
        }
      } else {
        state[v] = 2;
        stack.pop();
      }
    }
  }

  // 2. Longest-path layering over a topological order.
  const indeg = new Int32Array(n);
  for (const list of dag) for (const w of list) indeg[w]++;
  const topo: number[] = [];
  for (let v = 0; v < n; v++) if (indeg[v] === 0) topo.push(v);
  for (let i = 0; i < topo.length; i++) for (const w of dag[topo[i]]) if (--indeg[w] === 0) topo.push(w);
  const layer = new Int32Array(n);
  for (const v of topo) for (const w of dag[v]) layer[w] = Math.max(layer[w], layer[v] + 1);
  // Sources sit just above the nearest block they feed (assets, actors, tools drawn next to their use).
  const preds: number[][] = nodes.map(() => []);
  for (let v = 0; v < n; v++) for (const w of dag[v]) preds[w].push(v);
  for (let i = topo.length - 1; i >= 0; i--) {
    const v = topo[i];
    if (preds[v].length === 0 && dag[v].length > 0) layer[v] = Math.max(0, dag[v].reduce((m, w) => Math.min(m, layer[w]), Infinity) - 1);
  }

  // 3. Vertices per layer, with dummies along edges spanning several layers.
  const vs: V[] = nodes.map((node, i) => ({
    id: node.id, w: node.width, h: node.height, layer: layer[i], dummy: false, order: 0, x: 0, up: [], down: [],
  }));
  for (let v = 0; v < n; v++) {
    for (const w of dag[v]) {
      let prev = v;
      for (let l = layer[v] + 1; l < layer[w]; l++) {
        const d = vs.length;
        vs.push({ id: '', w: 20, h: 0, layer: l, dummy: true, order: 0, x: 0, up: [prev], down: [] });
        vs[prev].down.push(d);
        prev = d;
      }
      vs[prev].down.push(w);
      vs[w].up.push(prev);
    }
  }
  const layerCount = vs.reduce((m, v) => Math.max(m, v.layer + 1), 0);
  const layers: number[][] = Array.from({ length: layerCount }, () => []);
  // initial order: depth-first from the first nodes, so chains stay together
  const placed = new Uint8Array(vs.length);
  const visit = (start: number) => {
    const stack = [start];
    while (stack.length) {
      const v = stack.pop()!;
      if (placed[v]) continue;
      placed[v] = 1;
      layers[vs[v].layer].push(v);
      for (let i = vs[v].down.length - 1; i >= 0; i--) stack.push(vs[v].down[i]);
    }
  };
  for (const v of topo) visit(v);
  for (let v = 0; v < vs.length; v++) if (!placed[v]) visit(v);
  const setOrder = () => layers.forEach((l) => l.forEach((v, i) => { vs[v].order = i; }));
  setOrder();

  // 4. Crossing reduction: barycentre sweeps, keeping the best ordering seen.
  const crossings = (): number => {
    let c = 0;
    for (let l = 0; l + 1 < layers.length; l++) {
      const segs: Array<[number, number]> = [];
      for (const v of layers[l]) for (const w of vs[v].down) segs.push([vs[v].order, vs[w].order]);
      segs.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
      // count inversions of the second coordinate (merge sort)
      c += inversions(segs.map((s) => s[1]));
    }
    return c;
  };
  let best = layers.map((l) => [...l]);
  let bestC = crossings();
  for (let s = 0; s < sweeps && bestC > 0; s++) {
    for (let l = 1; l < layers.length; l++) reorder(layers[l], (v) => vs[v].up.map((u) => vs[u].order), vs);
    for (let l = layers.length - 2; l >= 0; l--) reorder(layers[l], (v) => vs[v].down.map((u) => vs[u].order), vs);
    const c = crossings();
    if (c < bestC) {
      bestC = c;
      best = layers.map((l) => [...l]);
    }
  }
  for (let l = 0; l < layers.length; l++) layers[l] = best[l];
  setOrder();

  // 5. x: compact start, then follow neighbours (down and up passes) under the spacing constraints.
  for (const l of layers) {
    let x = 0;
    for (const v of l) {
      vs[v].x = x + vs[v].w / 2;
      x += vs[v].w + gapX;
    }
    const shift = (x - gapX) / 2;
    for (const v of l) vs[v].x -= shift;
  }
  const sep = (a: V, b: V) => a.w / 2 + b.w / 2 + (a.dummy && b.dummy ? 10 : gapX);
  for (let pass = 0; pass < 6; pass++) {
    const downPass = pass % 2 === 0;
    const range = downPass ? layers.map((_, i) => i).slice(1) : layers.map((_, i) => i).reverse().slice(1);
    for (const l of range) {
      const row = layers[l];
      const desired = row.map((v) => {
        const nb = downPass ? vs[v].up : vs[v].down;
        return nb.length ? nb.reduce((s, u) => s + vs[u].x, 0) / nb.length : vs[v].x;
      });
      placeRow(row.map((v) => vs[v]), desired, sep);
    }
  }

  // 6. y from layer heights; translate so the drawing starts at (0, 0); snap to the grid.
  const layerH = layers.map((l) => l.reduce((m, v) => Math.max(m, vs[v].h), 0));
  const ys: number[] = [];
  let y = 0;
  for (let l = 0; l < layers.length; l++) {
    y += l === 0 ? layerH[0] / 2 : layerH[l - 1] / 2 + gapY + layerH[l] / 2;
    ys.push(y);
  }
  let minX = Infinity;
  for (let v = 0; v < n; v++) minX = Math.min(minX, vs[v].x - vs[v].w / 2);
  const snap = (z: number) => Math.round(z / grid) * grid;
  const pos: Positions = new Map();
  for (let v = 0; v < n; v++) pos.set(vs[v].id, { x: snap(vs[v].x - minX), y: snap(ys[vs[v].layer]) });
  return pos;
}

/** Stable barycentre reordering of one layer. */
function reorder(row: number[], keys: (v: number) => number[], vs: V[]): void {
  const bary = new Map<number, number>();
  for (const v of row) {
    const k = keys(v);
    bary.set(v, k.length ? k.reduce((a, b) => a + b, 0) / k.length : vs[v].order);
  }
  row.sort((a, b) => bary.get(a)! - bary.get(b)! || vs[a].order - vs[b].order);
  row.forEach((v, i) => { vs[v].order = i; });
}

/**
 * Positions a row as close to `desired` as possible (least squares) keeping order and minimum
 * separations: with offsets c_i, y_i = x_i − c_i must be non-decreasing, which pool-adjacent-violators
 * solves exactly.
 */
function placeRow(row: V[], desired: number[], sep: (a: V, b: V) => number): void {
  if (row.length === 0) return;
  const c: number[] = [0];
  for (let i = 1; i < row.length; i++) c.push(c[i - 1] + sep(row[i - 1], row[i]));
  const blocks: Array<{ sum: number; count: number }> = [];
  for (let i = 0; i < row.length; i++) {
    blocks.push({ sum: desired[i] - c[i], count: 1 });
    while (blocks.length > 1) {
      const b = blocks[blocks.length - 1], a = blocks[blocks.length - 2];
      if (a.sum / a.count <= b.sum / b.count) break;
      a.sum += b.sum;
      a.count += b.count;
      blocks.pop();
    }
  }
  let i = 0;
  for (const b of blocks) {
    const mean = b.sum / b.count;
    for (let k = 0; k < b.count; k++, i++) row[i].x = mean + c[i];
  }
}

function inversions(a: number[]): number {
  if (a.length < 2) return 0;
  const buf = new Array<number>(a.length);
  let count = 0;
  const sort = (lo: number, hi: number): void => {
    if (hi - lo < 2) return;
    const mid = (lo + hi) >> 1;
    sort(lo, mid);
    sort(mid, hi);
    let i = lo, j = mid, k = lo;
    while (i < mid && j < hi) {
      if (a[i] <= a[j]) buf[k++] = a[i++];
      else {
        buf[k++] = a[j++];
        count += mid - i;
      }
    }
    while (i < mid) buf[k++] = a[i++];
    while (j < hi) buf[k++] = a[j++];
    for (let t = lo; t < hi; t++) a[t] = buf[t];
  };
  sort(0, a.length);
  return count;
}
