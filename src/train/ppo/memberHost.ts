/**
 * The far side of a seed group split across threads: runs some of the group's members (each a PpoEngine, exactly the
 * solo run with its seed) on requests from the group (src/train/ppo/remoteMember.ts), one request at a time, and
 * answers each with the members' phase results and states. A pause request and live settings take effect at once
 * (between phases, and between minibatches of an update, as in the trainer worker's own run loop).
 */
import type { PpoEngine } from './engine';
import type { MemberOutcome, MemberPort, MemberReply, MemberRequest, MemberState, RunRequest } from './memberProtocol';
import { errorText } from '../../util/errorText';

/** The state the group mirrors of an engine. */
export function memberState(engine: PpoEngine): MemberState {
  return { iteration: engine.iteration, nextPhase: engine.nextPhase, updateInProgress: engine.updateInProgress, lambda: engine.lambda };
}

export class MemberHost {
  private queue: Promise<void> = Promise.resolve();
  private pauseRequested = false;
  private disposed = false;

  /**
   * `yieldToEventLoop` lets queued messages (a pause, live settings) in between phases and minibatches; `onDispose`
   * runs after the engines are disposed (a member worker closes itself there).
   */
  constructor(
    readonly engines: PpoEngine[],
    private readonly port: MemberPort,
    private readonly yieldToEventLoop: () => Promise<void>,
    private readonly onDispose?: () => void,
  ) {
    port.onmessage = (event) => this.receive(event.data as MemberRequest);
  }

  get states(): MemberState[] {
    return this.engines.map(memberState);
  }

  private reply(message: MemberReply): void {
    if (!this.disposed) this.port.postMessage(message);
  }

  /** Requests that change state run one after another; pause and live settings act at once. */
  private receive(request: MemberRequest): void {
    switch (request.type) {
      case 'pause':
        this.pauseRequested = true;
        return;
      case 'configure':
        this.engines[request.member].updateConfig(request.config);
        return;
      case 'run':
        // A pause sent before this request was meant for the run before it.
        this.pauseRequested = false;
        this.enqueue(request.id, async () => this.reply({ type: 'ran', id: request.id, outcomes: await this.run(request) }));
        return;
      case 'reset':
        this.enqueue(request.id, async () => {
          const engine = this.engines[request.member];
          engine.reset(request.config);
          this.reply({ type: 'reset', id: request.id, state: memberState(engine) });
        });
        return;
      case 'dispose':
        this.enqueue(null, async () => {
          this.disposed = true;
          for (const engine of this.engines) engine.dispose();
          this.onDispose?.();
        });
        return;
    }
  }

  private enqueue(id: number | null, job: () => Promise<void>): void {
    this.queue = this.queue.then(async () => {
      if (this.disposed) return;
      try {
        await job();
      } catch (error) {
        this.reply({ type: 'error', id, message: errorText(error) });
      }
    });
  }

  /** The listed members in turn, each for one phase or the rest of its iteration; stops early as the protocol says. */
  private async run(request: RunRequest): Promise<MemberOutcome[]> {
    const outcomes: MemberOutcome[] = [];
    const shouldPause = async () => {
      await this.yieldToEventLoop();
      return this.pauseRequested;
    };
    for (const member of request.members) {
      const engine = this.engines[member];
      const results = [];
      let complete = false;
      while (!this.pauseRequested) {
        const result = await engine.stepPhase({ shouldPause });
        results.push(result);
        if (result.halted || result.paused) break;
        await this.yieldToEventLoop();
        if (request.until === 'phase' || result.row) {
          complete = true;
          break;
        }
      }
      outcomes.push({ member, results, state: memberState(engine), complete });
      if (!complete) break;
    }
    return outcomes;
  }
}
