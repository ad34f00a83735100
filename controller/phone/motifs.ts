/**
 * Each dreamer's sign, drawn beside their colour so the colour is never the only cue: Lyra's woven
 * threads, Remy's lamp, Tara's sparkle, Brian's gear. SVG path data on a 24×24 box, stroked.
 */
import type { Role } from '../../core/dreamers.ts';

/** Path data per role (stroke, no fill). */
export const MOTIFS: Readonly<Record<Role, string>> = {
  lyra: 'M3 8c3-3 6 3 9 0s6 3 9 0M3 16c3-3 6 3 9 0s6 3 9 0M8 3v18M16 3v18',
  remy: 'M9 4h6M12 4v2M8 8h8l-1 9H9zM10 20h4M12 17v3',
  tara: 'M12 2v6M12 16v6M2 12h6M16 12h6M6 6l3 3M15 15l3 3M18 6l-3 3M9 15l-3 3',
  brian: 'M12 8a4 4 0 1 0 0 8a4 4 0 1 0 0-8M12 2v3M12 19v3M2 12h3M19 12h3M5 5l2 2M17 17l2 2M19 5l-2 2M7 17l-2 2',
};
