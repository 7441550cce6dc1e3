import { PARAM_GROUPS, PARAM_KEYS, PARAMS, type ExperimentConfig, type ParamKey } from '../../config/params';
import { useConfig, useConfigActions } from '../../state/store';
import { ParamField } from '../train/ParamField';

const GROUPS = ['scoreTraining', 'models'] as const;

/** The settings the reward, cost and guard training reads: training and model-size groups of PARAMS. */
export function ModelParams() {
  const config = useConfig();
  const { set } = useConfigActions();
  const onChange = (key: ParamKey, value: ExperimentConfig[ParamKey]) => set(key, value as never);
  return (
    <section className="panel" aria-labelledby="model-params-heading" data-hide-id="models-params">
      <h2 id="model-params-heading">Training settings</h2>
      <p className="muted small">
        Used the next time you press Train. Model sizes are shared by every network (the policy too); changing them
        retrains from scratch.
      </p>
      {GROUPS.map((group) => (
        <details key={group} className="param-group" open={group === 'scoreTraining'}>
          <summary>{PARAM_GROUPS[group]}</summary>
          {PARAM_KEYS.filter((key) => PARAMS[key].group === group).map((key) => (
            <ParamField key={key} paramKey={key} value={config[key]} appliedValue={undefined} onChange={onChange} />
          ))}
        </details>
      ))}
    </section>
  );
}
