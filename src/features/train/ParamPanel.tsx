import { Fragment, memo } from 'react';
import { PARAM_GROUPS, type ExperimentConfig, type LambdaRule, type ParamKey } from '../../config/params';
import { withLambdaRule } from '../../rl/lambdaRules/registry';
import { useConfig, useConfigActions } from '../../state/store';
import { classifyChanges, settingLabel } from './configChanges';
import { LimitRangeNote } from './LimitRangeNote';
import { ParamField } from './ParamField';
import { paramsOfGroup, TRAIN_PARAM_GROUPS } from './paramInput';
import { RuleDefaultsNote } from './RuleDefaultsNote';
import { resetTraining } from './trainControls';
import { useTrain } from './useTrain';
import { algorithmModule } from '../../rl/algorithms/registry';

const OPEN_GROUPS = new Set(['lagrangian', 'ppo']);

/** Every Train setting from PARAMS, grouped, with the live / needs-reset split and "Apply & reset". */
export const ParamPanel = memo(function ParamPanel() {
  const config = useConfig();
  const { set, replace } = useConfigActions();
  const { appliedConfig, lastLiveApplied, runState } = useTrain();
  const { needsReset } = classifyChanges(appliedConfig, config);
  // Picking a λ rule brings its own measured defaults (e.g. additive at λ lr 0.02), shown by RuleDefaultsNote.
  const onChange = (key: ParamKey, value: ExperimentConfig[ParamKey]) =>
    key === 'lambdaRule' ? replace(withLambdaRule(config, value as LambdaRule)) : set(key, value as never);

  return (
    <section className="panel param-panel" data-hide-id="train-params" aria-labelledby="params-heading">
      <h2 id="params-heading">Hyperparameters</h2>
      <p className="muted small">
        <span className="tag safe">live</span> settings reach the engine at its next iteration;{' '}
        <span className="tag warn">needs reset</span> settings wait for “Apply &amp; reset”.
      </p>
      {needsReset.length > 0 && runState !== 'initialising' && (
        <div className="pending-reset" role="status" data-testid="pending-reset">
          <span>
            Waiting for a reset: {needsReset.map(settingLabel).join(', ')}.
          </span>
          <button type="button" className="primary" data-testid="apply-reset" onClick={() => void resetTraining()}>
            Apply &amp; reset
          </button>
        </div>
      )}
      {lastLiveApplied.length > 0 && (
        <p className="muted small" aria-live="polite" data-testid="live-applied">
          Applied live: {lastLiveApplied.map(settingLabel).join(', ')}.
        </p>
      )}
      {TRAIN_PARAM_GROUPS.map((group) => (
        <details key={group} className="param-group" open={OPEN_GROUPS.has(group)}>
          <summary>{PARAM_GROUPS[group]}</summary>
          {group === 'lagrangian' && algorithmModule(config.algorithm).learnsLambda && <RuleDefaultsNote config={config} />}
          {paramsOfGroup(group).map((key) => (
            <Fragment key={key}>
              <ParamField paramKey={key} value={config[key]} appliedValue={appliedConfig?.[key]} onChange={onChange} />
              {key === 'threshold' && <LimitRangeNote config={config} />}
            </Fragment>
          ))}
        </details>
      ))}
    </section>
  );
});
