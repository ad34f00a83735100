import { describe, expect, it } from 'vitest';
import { ORDER, sortEntries, type LayerEntry } from '../../../display/render/compose.ts';
import type { Layer } from '../../../display/layers/Layer.ts';

const noop: Layer = { draw: () => undefined, dispose: () => undefined };

describe('the draw contract', () => {
  it('sorts entries by order, keeping the listed order among equals', () => {
    const e = (name: string, order: number): LayerEntry => ({ name, order, target: 'wall', layer: noop });
    const sorted = sortEntries([e('crowd', 800), e('a', 450), e('sky', 100), e('b', 450), e('land', 200)]);
    expect(sorted.map((x) => x.name)).toEqual(['sky', 'land', 'a', 'b', 'crowd']);
  });

  it('keeps the planes back to front: sky, sun, land, flow, subjects, cast, near ridge, crowd, then post', () => {
    const chain = [ORDER.sky, ORDER.sun, ORDER.land, ORDER.flow, ORDER.machine, ORDER.nightmare, ORDER.creature, ORDER.dawn, ORDER.cast, ORDER.near, ORDER.crowd, ORDER.glow, ORDER.glitch];
    for (let i = 1; i < chain.length; i++) expect(chain[i]).toBeGreaterThan(chain[i - 1]);
  });

  it('does not change the list it is given', () => {
    const list: LayerEntry[] = [{ name: 'b', order: 2, target: 'wall', layer: noop }, { name: 'a', order: 1, target: 'trail', layer: noop }];
    sortEntries(list);
    expect(list.map((x) => x.name)).toEqual(['b', 'a']);
  });
});
