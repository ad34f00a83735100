/**
 * The preset a wall without a hub draws with: the hub's current one from `/api/preset` when a hub
 * serves the page, otherwise the built-in default. Rehearsals may compress the arc in time.
 */
import { BLANK_PRESET, readPreset, type Preset } from '../core/preset.ts';
import { PHASES } from '../core/arc/phases.ts';

/**
 * Fetches `/api/preset` (1.5 s at most), or `/api/preset?name=NAME` for one of the hub's presets
 * (the console's preview); any failure gives {@link BLANK_PRESET}.
 * @param name a preset name (already checked against `PRESET_NAME`), or null for the current one.
 */
export async function fetchPreset(name: string | null = null): Promise<Preset> {
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), 1500);
  try {
    const res = await fetch(name === null ? '/api/preset' : `/api/preset?name=${encodeURIComponent(name)}`, { signal: abort.signal, headers: { accept: 'application/json' } });
    if (!res.ok) return BLANK_PRESET;
    const r = readPreset(await res.json());
    return r.ok ? r.preset : BLANK_PRESET;
  } catch {
    return BLANK_PRESET;
  } finally {
    clearTimeout(timer);
  }
}

/**
 * A copy of the preset with every phase `factor` times shorter (phases stay ≥ 5 s, crossfades fit).
 * @param factor 1..20.
 */
export function compressPreset(preset: Preset, factor: number): Preset {
  if (factor <= 1) return preset;
  const out = structuredClone(preset);
  for (const phase of PHASES) {
    const spec = out.phases[phase];
    spec.duration = Math.max(5, spec.duration / factor);
    spec.minDuration = Math.min(spec.duration, spec.minDuration / factor);
    spec.transition = Math.min(spec.duration, spec.transition / factor);
  }
  out.crowd.resolveSeconds = Math.max(5, out.crowd.resolveSeconds / factor);
  return out;
}
