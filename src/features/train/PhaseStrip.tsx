import { PPO_PHASES, type PhaseOutput, type PpoPhase } from '../../train/ppo/types';
import { PHASE_INFO } from './phaseInfo';
import { PhaseOutputPanel } from './PhaseOutputPanel';
import type { TrainRunState } from '../../state/slices/trainSlice';
import type { ExperimentConfig } from '../../config/params';
import { ruleFormula } from './lambdaExplanation';
import { setSlowMode, stepPhase } from './trainControls';


interface PhaseStripProps {
  currentPhase: PpoPhase | null;
  nextPhase: PpoPhase;
  runState: TrainRunState;
  slowMode: boolean;
  /** The last phase's output (teaching mode); hidden during a full-speed run, where it would be stale at once. */
  output: PhaseOutput | null;
  /** The λ rule of the running config: the λ card shows its formula. */
  lambdaRule: ExperimentConfig['lambdaRule'];
  /** A seed group's seeds and the one whose phase runs next (null for one seed). */
  group: { seeds: readonly number[]; nextSeed: number | null } | null;
}

/** The five phases of one iteration, the current one highlighted; step one phase; slow mode for teaching. */
export function PhaseStrip({ currentPhase, nextPhase, runState, slowMode, output, lambdaRule, group }: PhaseStripProps) {
  const running = runState === 'running';
  const busy = runState === 'initialising';
  const nextSeed = group?.nextSeed ?? group?.seeds[0];
  return (
    <section className="panel phase-panel" data-hide-id="train-phase-controls" aria-labelledby="phase-heading">
      <div className="phase-head">
        <h2 id="phase-heading">One iteration, phase by phase</h2>
        <div className="row">
          <button type="button" data-testid="train-step-phase" disabled={running || busy} onClick={() => void stepPhase()}>
            Step one phase ({PHASE_INFO[nextPhase].label}
            {group ? `, seed ${nextSeed}` : ''})
          </button>
          <label className="toggle">
            <input
              type="checkbox"
              checked={slowMode}
              data-testid="train-slow-mode"
              onChange={(e) => void setSlowMode(e.target.checked)}
            />
            Slow mode (teaching)
          </label>
        </div>
      </div>
      {group && (
        <p className="small muted phase-group-note" data-testid="phase-group-note">
          A seed group runs each seed&apos;s five phases in turn: seed {group.seeds[0]}&apos;s, then seed {group.seeds[1]}&apos;s
          {group.seeds.length > 2 ? ', …' : ''}; the iteration&apos;s row comes after seed {group.seeds[group.seeds.length - 1]}&apos;s
          update.
        </p>
      )}
      <ol className="phase-strip">
        {PPO_PHASES.map((phase, index) => {
          const active = phase === currentPhase;
          const upcoming = !active && phase === nextPhase && !running;
          return (
            <li
              key={phase}
              data-testid={`phase-${phase}`}
              className={active ? 'phase active' : upcoming ? 'phase next' : 'phase'}
              aria-current={active ? 'step' : undefined}
            >
              <span className="phase-number">{index + 1}</span>
              <span className="phase-label">{PHASE_INFO[phase].label}</span>
              <span className="phase-what">{phase === 'lambda' ? `${ruleFormula(lambdaRule)}.` : PHASE_INFO[phase].what}</span>
              {upcoming && <span className="phase-next-tag">next</span>}
            </li>
          );
        })}
      </ol>
      {output && (!running || slowMode) ? (
        <PhaseOutputPanel output={output} />
      ) : (
        !running && <p className="muted small phase-hint">Step one phase to see what it produces: responses, scores, shaped streams, the λ step, losses.</p>
      )}
    </section>
  );
}
