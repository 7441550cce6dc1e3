import { useEffect, useRef } from 'react';
import { useConfig, useMetricTable, useUiActions } from '../../state/store';
import { ConfigJsonEditor } from './ConfigJsonEditor';
import { Explanations } from './Explanations';
import { ForkNote } from './ForkNote';
import { GenerationsPanel } from './GenerationsPanel';
import { HelpfulnessSafetyPlane } from './HelpfulnessSafetyPlane';
import { useIterationInProgress } from './iterationInProgress';
import { LinkAutoplayNote } from './LinkAutoplayNote';
import { LiveReadouts } from './LiveReadouts';
import { ParamPanel } from './ParamPanel';
import { PhaseStrip } from './PhaseStrip';
import { PresetPicker } from './PresetPicker';
import { RunControls } from './RunControls';
import { ScheduledChangesNote } from './ScheduledChangesNote';
import { runningConfig } from './runningConfig';
import { TrainCharts } from './TrainCharts';
import { TrainingHealthNotice } from './TrainingHealthNotice';
import { FeasibilityNotice } from './FeasibilityNotice';
import { toggleTraining } from './trainControls';
import { groupSeeds } from '../../config/seedGroup';
import { useSpaceToggle } from './useSpaceToggle';
import { useCostPilot } from './useCostPilot';
import { pilotFloorFor } from './limitRange';
import { useSpeed, useTrain } from './useTrain';
import './train.css';
import './layout.css';

/** The Train area: controls, live readouts, phases, hyperparameters, charts, plane, explanations, generations. */
export function TrainArea() {
  const train = useTrain();
  const edited = useConfig();
  // Labels, notes and explanations describe what runs; edits the engine has not taken are shown as pending.
  const config = runningConfig(train, edited);
  const { setTrainShown } = useUiActions();
  useEffect(() => {
    setTrainShown(true);
    return () => setTrainShown(false);
  }, [setTrainShown]);
  // The sticky run bar's height becomes the page's scroll padding, so focus never lands under it.
  const topRef = useRef<HTMLElement>(null);
  useEffect(() => {
    const top = topRef.current;
    if (!top || typeof ResizeObserver === 'undefined') return;
    const root = document.documentElement;
    // Where the bar does not stick (small screens, layout.css), nothing hides under it.
    const observer = new ResizeObserver(() =>
      root.style.setProperty('--sticky-top', getComputedStyle(top).position === 'sticky' ? `${top.offsetHeight + 8}px` : '0px'),
    );
    observer.observe(top);
    return () => {
      observer.disconnect();
      root.style.removeProperty('--sticky-top');
    };
  }, []);
  const { table, version } = useMetricTable('ppo');
  const running = train.runState === 'running';
  const speed = useSpeed(table, version, running);
  useSpaceToggle(toggleTraining);
  useCostPilot();
  const lastRow = table?.last('iteration');
  // Rows carry the 0-based iteration they belong to; the engine status counts completed iterations.
  const completed = lastRow !== undefined ? Math.max(train.iteration, lastRow + 1) : train.iteration;
  // Stepping phase by phase: J_C and λ of the iteration in progress, before its row lands.
  const inProgress = useIterationInProgress(train.phaseOutput, lastRow);

  return (
    <div className="train-area">
      <section ref={topRef} className="panel train-top" aria-label="Training" data-testid="run-bar">
        <RunControls runState={train.runState} iteration={completed} iterations={config.iterations} speed={speed} info={train.info} setupProgress={train.setupProgress} workers={train.workers} />
        <LinkAutoplayNote />
        <LiveReadouts table={table} iteration={completed} inProgress={inProgress} />
        <TrainingHealthNotice table={table} config={train.appliedConfig ?? config} />
        <FeasibilityNotice table={table} version={version} config={train.appliedConfig ?? config} pilotFloor={pilotFloorFor(train.costPilot, train.appliedConfig ?? config)} />
        {train.pauseReason && (
          <div className="error-box pause-reason" role="alert" data-testid="train-pause-reason">
            <strong>Paused by the engine.</strong> {train.pauseReason}
          </div>
        )}
        {train.error && (
          <div className="error-box" role="alert" data-testid="train-error">
            {train.error}
          </div>
        )}
      </section>
      <PhaseStrip
        currentPhase={train.currentPhase}
        nextPhase={train.nextPhase}
        runState={train.runState}
        slowMode={train.slowMode}
        output={train.phaseOutput}
        lambdaRule={config.lambdaRule}
        group={config.seeds > 1 ? { seeds: groupSeeds(config), nextSeed: train.nextSeed } : null}
      />
      <div className="train-layout">
        <aside className="train-sidebar">
          <ForkNote />
          <ScheduledChangesNote />
          <PresetPicker />
          <ParamPanel />
          <ConfigJsonEditor />
        </aside>
        <div className="train-main">
          <TrainCharts config={config} />
          <div className="grid-2">
            <HelpfulnessSafetyPlane threshold={config.threshold} />
            <Explanations config={config} table={table} iteration={completed} phaseOutput={train.phaseOutput} inProgress={inProgress} />
          </div>
          <GenerationsPanel />
        </div>
      </div>
    </div>
  );
}

export default TrainArea;
