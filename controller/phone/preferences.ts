/**
 * What the visitor chose on this phone, kept in localStorage across visits: language, text size, play
 * without drawing, and whether they have seen the first screen. A browser that refuses storage
 * (private mode) simply forgets between visits.
 */

/** The choices kept. */
export type PreferenceKey = 'language' | 'textScale' | 'simple' | 'introSeen';

/** Text sizes the page offers on top of the phone's own setting (1 = the phone's size). */
export const TEXT_SCALES: readonly number[] = [1, 1.15, 1.3, 1.5, 1.75];

/** @returns the offered text size nearest to `v` (1 for anything unreadable). */
export function nearestTextScale(v: number): number {
  if (!Number.isFinite(v)) return 1;
  let best = 1;
  for (const s of TEXT_SCALES) if (Math.abs(s - v) < Math.abs(best - v)) best = s;
  return best;
}

/** @returns a kept choice, or null. */
export function loadPreference(key: PreferenceKey): string | null {
  try {
    return localStorage.getItem(`dreamscape.${key}`);
  } catch {
    return null;
  }
}

/** Keeps a choice (silently forgotten where storage is refused). */
export function storePreference(key: PreferenceKey, value: string): void {
  try {
    localStorage.setItem(`dreamscape.${key}`, value);
  } catch {
    // Private browsing: the choice lasts for this page only.
  }
}
