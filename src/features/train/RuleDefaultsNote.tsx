import { PARAMS, type ExperimentConfig, type ParamKey } from '../../config/params';
import { differsFromRuleDefaults, LAMBDA_RULE_MODULES } from '../../rl/lambdaRules/registry';

/**
 * The selected λ rule's own measured defaults (applied when the user switches to it), why those numbers, and which
 * of them the config has changed since.
 */
export function RuleDefaultsNote({ config }: { config: ExperimentConfig }) {
  const rule = LAMBDA_RULE_MODULES[config.lambdaRule];
  const defaults = Object.entries(rule.defaults) as [ParamKey, ExperimentConfig[ParamKey]][];
  const changed = differsFromRuleDefaults(config, config.lambdaRule) as ParamKey[];
  return (
    <div className="rule-defaults small" data-testid="rule-defaults" data-rule={config.lambdaRule}>
      <p>
        <strong>{rule.name}</strong>: switching to this rule sets{' '}
        {defaults.map(([key, value]) => `${PARAMS[key].label} ${String(value)}`).join(', ')}.
      </p>
      <p className="muted">{rule.defaultsWhy}</p>
      {changed.length > 0 && (
        <p className="muted" data-testid="rule-defaults-changed">
          Changed since: {changed.map((key) => `${PARAMS[key].label} ${String(config[key])} (rule default ${String(rule.defaults[key])})`).join(', ')}.
        </p>
      )}
    </div>
  );
}
