/**
 * The messages between a seed group (src/train/ppo/seedGroupEngine.ts) and a member host: another thread that runs
 * some of the group's members (src/train/ppo/memberHost.ts; in the browser a member worker, src/worker/member.worker.ts).
 * Every message is plain data (structured-clone safe); the host's engines never leave it.
 */
import type { ExperimentConfig } from '../../config/params';
import type { PhaseResult } from './engine';
import type { PpoPhase } from './types';

/** What the group reads of a member synchronously (RemoteMember keeps the last one it was sent). */
export interface MemberState {
  iteration: number;
  nextPhase: PpoPhase;
  updateInProgress: boolean;
  lambda: number;
}

/**
 * Run the listed members (host indices) in turn: one phase each (`until: 'phase'`) or the rest of their current
 * iteration (`until: 'iteration'`). The run stops early at a pause request, at the NaN guard, or between minibatches.
 */
export interface RunRequest {
  type: 'run';
  id: number;
  members: number[];
  until: 'phase' | 'iteration';
}

/** A member's settings (applied at once, as a live edit is to a PpoEngine: from its next phase). */
export interface ConfigureRequest {
  type: 'configure';
  member: number;
  config: ExperimentConfig;
}

/** A member back to iteration 0 with these settings (after any run in progress). */
export interface ResetRequest {
  type: 'reset';
  id: number;
  member: number;
  config: ExperimentConfig;
}

/** Stop the run in progress at its next phase boundary or minibatch; the next run request clears it. */
export interface PauseRequest {
  type: 'pause';
}

export interface DisposeRequest {
  type: 'dispose';
}

export type MemberRequest = RunRequest | ConfigureRequest | ResetRequest | PauseRequest | DisposeRequest;

/**
 * One member's share of a run: its phases' results in order and its state after them. `complete` when the last
 * result finished the unit asked for (a phase, or an iteration's row); otherwise the run stopped early (paused,
 * halted, or a pause request before its next phase).
 */
export interface MemberOutcome {
  member: number;
  results: PhaseResult[];
  state: MemberState;
  complete: boolean;
}

export type MemberReply =
  | { type: 'ran'; id: number; outcomes: MemberOutcome[] }
  | { type: 'reset'; id: number; state: MemberState }
  | { type: 'error'; id: number | null; message: string };

/** The channel to the other side: a Worker, a worker's own scope, or a MessagePort (tests). */
export interface MemberPort {
  postMessage(message: unknown): void;
  onmessage: ((event: MessageEvent) => void) | null;
}
