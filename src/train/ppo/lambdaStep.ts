import type { ExperimentConfig } from '../../config/params';
import { additiveLambdaUpdate, initialPidState, lagrangeUpdate, pidLambdaUpdate, type PidState } from '../../rl';

/** What the λ rules carry between steps besides λ itself. */
export interface LambdaRuleState {
  /** PID terms; null until the pid rule first runs (it then starts with I = the λ in force). */
  pid: PidState | null;
}

/**
 * One λ step with the configured rule (config.lambdaRule, live). λ is kept as log λ so the upstream rule runs
 * exactly as before; the other rules step on λ = exp(log λ) (λ = 0 is log λ = −∞). Switching to pid mid-run starts
 * its integral at the current λ, so λ continues smoothly; switching away drops the PID terms.
 */
export function stepLambda(
  config: Pick<ExperimentConfig, 'lambdaRule' | 'lambdaLr' | 'lambdaMax' | 'threshold' | 'pidKp' | 'pidKi' | 'pidKd' | 'pidAlphaP' | 'pidAlphaD' | 'pidDelay'>,
  logLambda: number,
  state: LambdaRuleState,
  meanEpisodeCost: number,
): { logLambda: number; state: LambdaRuleState } {
  const { threshold, lambdaMax } = config;
  switch (config.lambdaRule) {
    case 'upstream':
      return {
        logLambda: lagrangeUpdate({ logLambda, lr: config.lambdaLr, meanEpisodeCost, threshold, lambdaMax }),
        state: { pid: null },
      };
    case 'additive': {
      const lambda = additiveLambdaUpdate({ lambda: Math.exp(logLambda), lr: config.lambdaLr, meanEpisodeCost, threshold, lambdaMax });
      return { logLambda: Math.log(lambda), state: { pid: null } };
    }
    case 'pid': {
      const gains = {
        kp: config.pidKp, ki: config.pidKi, kd: config.pidKd,
        alphaP: config.pidAlphaP, alphaD: config.pidAlphaD, delay: config.pidDelay,
      };
      const next = pidLambdaUpdate(state.pid ?? initialPidState(Math.exp(logLambda)), { meanEpisodeCost, threshold, lambdaMax, gains });
      return { logLambda: Math.log(next.lambda), state: { pid: next.state } };
    }
  }
}
