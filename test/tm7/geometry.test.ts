import { test } from 'node:test';
import assert from 'node:assert/strict';
import { curvePolyline, inRect, polylineCrossings, rectWithin, segmentsCross, sideOfPolyline } from '../../src/tm7/geometry.ts';

test('a TMT curve starts at the source, passes through the handle at its middle and ends at the target', () => {
  const pts = curvePolyline({ x: 0, y: 0 }, { x: 50, y: 40 }, { x: 100, y: 0 }, 32);
  assert.equal(pts.length, 33);
  assert.deepEqual(pts[0], { x: 0, y: 0 });
  assert.deepEqual(pts[16], { x: 50, y: 40 });
  assert.deepEqual(pts[32], { x: 100, y: 0 });
});

test('segments cross only at interior points', () => {
  assert.equal(segmentsCross({ x: 0, y: 0 }, { x: 10, y: 10 }, { x: 0, y: 10 }, { x: 10, y: 0 }), true);
  assert.equal(segmentsCross({ x: 0, y: 0 }, { x: 10, y: 0 }, { x: 0, y: 1 }, { x: 10, y: 1 }), false); // parallel
  assert.equal(segmentsCross({ x: 0, y: 0 }, { x: 10, y: 0 }, { x: 10, y: 0 }, { x: 10, y: 5 }), false); // touching end
  assert.equal(segmentsCross({ x: 0, y: 0 }, { x: 10, y: 0 }, { x: 5, y: -5 }, { x: 5, y: 0 }) !== segmentsCross({ x: 0, y: 0 }, { x: 10, y: 0 }, { x: 5, y: 0 }, { x: 5, y: 5 }), true); // through a vertex: once
  assert.equal(segmentsCross({ x: 0, y: 0 }, { x: 10, y: 0 }, { x: 5, y: 0 }, { x: 15, y: 0 }), false); // collinear
});

test('a flow bending around the end of a boundary line does not cross it; a straight one does', () => {
  const boundary = curvePolyline({ x: 50, y: 0 }, { x: 50, y: 50 }, { x: 50, y: 100 });
  const straight = curvePolyline({ x: 0, y: 50 }, { x: 50, y: 50 }, { x: 100, y: 50 });
  const around = curvePolyline({ x: 0, y: 90 }, { x: 50, y: 160 }, { x: 100, y: 90 });
  const twice = curvePolyline({ x: 40, y: 10 }, { x: 70, y: 50 }, { x: 40, y: 90 });
  assert.equal(polylineCrossings(straight, boundary), 1);
  assert.equal(polylineCrossings(around, boundary), 0);
  assert.equal(polylineCrossings(twice, boundary), 2);
});

test('side of an open line, with distance and whether the point lies beyond an end', () => {
  const line = [{ x: 0, y: 0 }, { x: 0, y: 100 }];
  assert.deepEqual(sideOfPolyline({ x: -20, y: 50 }, line), { side: 1, distance: 20, beyondEnd: false });
  assert.deepEqual(sideOfPolyline({ x: 30, y: 50 }, line), { side: -1, distance: 30, beyondEnd: false });
  assert.equal(sideOfPolyline({ x: 30, y: 200 }, line).beyondEnd, true);
});

test('rectangles: containment of points and of other rectangles', () => {
  const r = { left: 0, top: 0, width: 100, height: 50 };
  assert.equal(inRect({ x: 100, y: 50 }, r), true);
  assert.equal(inRect({ x: 101, y: 10 }, r), false);
  assert.equal(rectWithin({ left: 10, top: 10, width: 20, height: 20 }, r), true);
  assert.equal(rectWithin({ left: 90, top: 10, width: 20, height: 20 }, r), false);
});
