/**
 * What the hub's parts share: the running show, tonight's dreamers, the presets, the typed
 * namespaces and the hub's settings.
 */
import type { Namespace } from 'socket.io';
import type {
  AudienceGesture,
  CommandResult,
  AudienceClientToServer,
  AudienceServerToClient,
  DisplayClientToServer,
  DisplayServerToClient,
  DisplayReport,
  OperatorClientToServer,
  OperatorServerToClient,
} from '../core/protocol.ts';
import type { ShowRuntime } from './ShowRuntime.ts';
import type { OscSender } from './OscSender.ts';
import type { DreamerRecord, DreamerRegistry } from './DreamerRegistry.ts';
import type { PresetStore } from './PresetStore.ts';
import type { PlaylistPlayer } from './PlaylistPlayer.ts';
import type { Logger } from './log.ts';
import type { DroppedMessages } from './refuse.ts';
import type { AddressCounts } from './AddressCounts.ts';
import type { RoleIndex } from '../core/dreamers.ts';

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
  registry: DreamerRegistry;
  presets: PresetStore;
  /** The VJ's playlist and armed cue. */
  playlists: PlaylistPlayer;
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
  /** Replaying a recorded night: live phones are shown but do not steer. */
  replaying: boolean;
  /** Phones' plain gestures skip socket.io's dispatch (see `server/eventLane.ts`). */
  phoneLane: boolean;
  /** Messages per second phones are asked to coalesce to now (the hub lowers it when overloaded). */
  phoneRate(): number;
  /** Called after each gesture is taken in: sends the walls a frame or batch that is due (see `ShowClock.catchUp`). */
  gestureTaken(): void;
  /** The OSC sender: targets the console adds and removes (absent in tools that run no hub). */
  oscOut?: Pick<OscSender, 'add' | 'remove' | 'targets' | 'resync'>;
  /**
   * Where a phone's checked gesture goes: the show's next tick (a single hub), or this edge's fold
   * for the leader (`server/cluster/`). @param handle the dreamer's handle; @param role their role index.
   */
  takeGesture(g: AudienceGesture, handle: number, role: RoleIndex): void;
  /**
   * Carries out an operator command from a logged-in console or OSC (never throws): here, or on the
   * cluster's leader. @param source who sent it, for the log.
   */
  command(raw: unknown, source: string): Promise<CommandResult>;
  /**
   * In a cluster: looks a phone's presented dreamer id up where the cluster keeps its dreamers and
   * remembers it here, before the phone joins (so it keeps its handle, colour and role on any edge).
   * Never rejects; absent on a single hub.
   */
  findDreamer?(id: string): Promise<void>;
  /** In a cluster: a dreamer joined or left here (the cluster's copy is refreshed). */
  dreamerSeen?(dreamer: DreamerRecord): void;
}
