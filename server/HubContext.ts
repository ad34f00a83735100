/**
 * What the hub's parts share: the running show and its service (the one door for gestures,
 * commands, presets and playlists), tonight's dreamers, the typed namespaces and the hub's settings.
 */
import type { Namespace } from 'socket.io';
import type {
  AudienceClientToServer,
  AudienceServerToClient,
  DisplayClientToServer,
  DisplayServerToClient,
  DisplayReport,
  OperatorClientToServer,
  OperatorServerToClient,
} from '../core/protocol.ts';
import type { ShowRuntime } from './ShowRuntime.ts';
import type { DreamerRecord, DreamerRegistry } from './DreamerRegistry.ts';
import type { ShowService } from './ShowService.ts';
import type { Logger } from './log.ts';
import type { DroppedMessages } from './refuse.ts';
import type { AddressCounts } from './AddressCounts.ts';

export type AudienceNamespace = Namespace<AudienceClientToServer, AudienceServerToClient>;
export type DisplayNamespace = Namespace<DisplayClientToServer, DisplayServerToClient>;
export type OperatorNamespace = Namespace<OperatorClientToServer, OperatorServerToClient>;
/** The consoles that have logged in: everything the hub tells "the operator" goes here, never to a socket still at its challenge. */
export type OperatorConsoles = ReturnType<OperatorNamespace['to']>;
/** Room of the `/operator` namespace that logged-in consoles join. */
export const LOGGED_IN_ROOM = 'logged-in';

/** A connected wall and its last report. */
export interface DisplayInfo {
  id: string;
  view: string;
  report: DisplayReport | null;
  /** It presented the venue's wall token (always false when the hub has none): its reports are the venue's own. */
  trusted: boolean;
  /** It asked for a snapshot it has not been sent yet (sent once it has room: one outstanding at a time). */
  snapshotOwed: boolean;
  /** When it was last sent a snapshot, ms (hub clock). */
  lastSnapshotAt: number;
}

/** Shared state of one hub. */
export interface HubContext {
  runtime: ShowRuntime;
  /** The show's one door: phones' gestures, operator commands, presets and playlists. */
  show: ShowService;
  registry: DreamerRegistry;
  log: Logger;
  token: string;
  /** Walls must present this (`/?wall=…`) to join, when set (`--wall-token`). */
  wallToken?: string;
  maxDreamers: number;
  /** Phones in the show (or waiting for a place) per network address, capped by `--max-per-address`. */
  phonesByAddress: AddressCounts;
  join: { url: string; short: string };
  displays: Map<string, DisplayInfo>;
  audience: AudienceNamespace;
  display: DisplayNamespace;
  /** Logged-in consoles (broadcast to them with `operator.emit`). */
  operator: OperatorConsoles;
  /** The `/operator` namespace itself, for wiring the login (see `operators.ts`). */
  operatorNamespace: OperatorNamespace;
  /** Messages dropped since start, by reason. */
  dropped: DroppedMessages;
  /** Phones' plain gestures skip socket.io's dispatch (see `server/eventLane.ts`). */
  phoneLane: boolean;
  /** Messages per second phones are asked to coalesce to now (the hub lowers it when overloaded). */
  phoneRate(): number;
  /** Called after each gesture is taken in: sends the walls a frame or batch that is due (see `ShowClock.catchUp`). */
  gestureTaken(): void;
  /**
   * In a cluster: looks a phone's presented dreamer id up where the cluster keeps its dreamers and
   * remembers it here, before the phone joins (so it keeps its handle, colour and role on any edge).
   * Never rejects; absent on a single hub.
   */
  findDreamer?(id: string): Promise<void>;
  /** In a cluster: a dreamer joined or left here (the cluster's copy is refreshed). */
  dreamerSeen?(dreamer: DreamerRecord): void;
}
