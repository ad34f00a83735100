import { describe, it, expect } from 'vitest';
import { viewLayout, onThisWall } from '../../display/viewLayout.ts';

describe('viewLayout', () => {
  it('gives the whole panorama to a single wall', () => {
    expect(viewLayout(null, 1280, 720)).toEqual({ index: 0, count: 1, worldWidth: 1280, worldHeight: 720, offsetX: 0 });
  });

  it('puts the middle of three projectors one wall-width in', () => {
    const v = viewLayout('2/3', 1280, 720);
    expect(v).toEqual({ index: 1, count: 3, worldWidth: 3840, worldHeight: 720, offsetX: 1280 });
  });

  it('tiles three walls edge to edge without gaps or overlaps', () => {
    const walls = [1, 2, 3].map((i) => viewLayout(`${i}/3`, 1000, 600));
    for (let i = 1; i < 3; i++) expect(walls[i].offsetX).toBe(walls[i - 1].offsetX + 1000);
    expect(walls[2].offsetX + 1000).toBe(walls[0].worldWidth);
  });

  it('falls back to one wall on malformed or impossible specs', () => {
    for (const bad of ['0/3', '4/3', 'x', '1/0', '', undefined]) expect(viewLayout(bad, 800, 600).count).toBe(1);
  });

  it('knows which panorama positions land on which wall', () => {
    const mid = viewLayout('2/3', 1000, 600);
    expect(onThisWall(mid, 0.5)).toBe(true);
    expect(onThisWall(mid, 0.1)).toBe(false);
    expect(onThisWall(mid, 0.32, 0.1)).toBe(true);
  });
});
