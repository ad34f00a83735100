/**
 * The four dreamers of the story, as audience roles. Every phone dreams as one of them.
 */

/** Role ids, in a fixed order (the index is what frames carry). */
export const ROLES = ['lyra', 'remy', 'tara', 'brian'] as const;
/** One of the four dreamers. */
export type Role = (typeof ROLES)[number];
/** Index of a role in {@link ROLES}: 0..3. */
export type RoleIndex = 0 | 1 | 2 | 3;

/** What a phone shows about its dreamer, and the default colour (presets may recolour). */
export interface DreamerCharacter {
  readonly role: Role;
  /** Name shown to the person. */
  readonly name: string;
  /** One line for the phone: "You dream with …". */
  readonly trait: string;
  /** Default colour, `#rrggbb`. */
  readonly colour: string;
  /** The voice the soundscape gives this dreamer's gestures. */
  readonly voice: 'harp' | 'cello' | 'celesta' | 'arp';
}

/** The four characters, keyed by role; colours from the lookbook. */
export const CHARACTERS: Readonly<Record<Role, DreamerCharacter>> = {
  lyra: { role: 'lyra', name: 'Lyra', trait: "Lyra's woven threads", colour: '#7ee8fa', voice: 'harp' },
  remy: { role: 'remy', name: 'Remy', trait: "Remy's steady conscience", colour: '#e0a458', voice: 'cello' },
  tara: { role: 'tara', name: 'Tara', trait: "Tara's wonder", colour: '#ff8fab', voice: 'celesta' },
  brian: { role: 'brian', name: 'Brian', trait: "Brian's restless spark", colour: '#9b5de5', voice: 'arp' },
};

/** @returns the index (0..3) of a role. */
export function roleIndex(role: Role): RoleIndex {
  return ROLES.indexOf(role) as RoleIndex;
}

/** @returns the role at an index; indices wrap, so any integer is safe. */
export function roleAt(index: number): Role {
  return ROLES[((Math.floor(index) % 4) + 4) % 4];
}

/**
 * Picks the role for a new dreamer so the four stay balanced: the least-used role, ties broken in
 * story order.
 * @param counts how many current dreamers hold each role.
 */
export function balancedRole(counts: Readonly<Record<Role, number>>): Role {
  let best: Role = ROLES[0];
  for (const role of ROLES) if (counts[role] < counts[best]) best = role;
  return best;
}
