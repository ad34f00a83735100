/**
 * The typed wire protocol between the hub and its three pages, one contract per namespace:
 * `core/wire/phone.ts` (`/audience`), `core/wire/wall.ts` (`/display`), `core/wire/operator.ts`
 * (`/operator`), and `core/wire/common.ts` for what they share (refusals, notices, the heartbeat).
 * Each message is declared once, as a schema; its type is inferred from it. The hub parses every
 * inbound message with these schemas and every page parses what the hub sends with the same ones.
 * The hub types its namespaces as `Namespace<…ClientToServer, …ServerToClient>`; pages swap the
 * generics. This module gathers them for the hub, the wall and the console; the phone imports
 * `core/wire/phone.ts` and `core/wire/common.ts` directly (zod/mini only, for its size budget).
 */
export * from './protocolConstants.ts';
export * from './wire/common.ts';
export * from './wire/phone.ts';
export * from './wire/wall.ts';
export * from './wire/operator.ts';
