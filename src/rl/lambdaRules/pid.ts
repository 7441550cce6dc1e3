import type { PidAntiWindup } from '../../config/params';
import { comparison, sig, term, termValue, type LambdaRuleModule } from './rule';

/** State of the PID Lagrangian between steps. */
export interface PidState {
  /** I: the integral term (starts at λ_init). */
  integral: number;
  /** P: exponential moving average of e (starts at 0). */
  proportional: number;
  /** D_c: exponential moving average of J; null before the first step (then it starts at the first J). */
  costAverage: number | null;
  /** The last `delay` values of D_c, oldest first (D compares against the oldest). */
  costHistory: number[];
}

export function initialPidState(lambdaInit: number): PidState {
  return { integral: lambdaInit, proportional: 0, costAverage: null, costHistory: [] };
}

export interface PidGains {
  kp: number;
  ki: number;
  kd: number;
  /** EMA factor of P (0 = no smoothing). */
  alphaP: number;
  /** EMA factor of D_c (0 = no smoothing). */
  alphaD: number;
  /** D looks this many steps back (≥ 1). */
  delay: number;
  /**
   * Anti-windup of I while the output is clipped (absent/'off' = the faithful rule), with u = K_p·P + I + K_d·D
   * (new P and D, old I):
   * - 'hold' (conditional integration): hold I while u ≤ 0 with e < 0, or u ≥ λ_max with e > 0;
   * - 'back' (back-calculation, tracking gain 1): I ← max(0, I + K_i·e + (clip(u, 0, λ_max) − u)), so I follows
   *   the clip and λ starts moving as soon as e turns, instead of after the stored integral has unwound.
   */
  antiWindup?: PidAntiWindup;
}

/** Every intermediate of one PID step (the explanation shows them). */
export interface PidStep {
  lambda: number;
  state: PidState;
  error: number;
  derivative: number;
  /** D_c `delay` steps back (NaN while there is not enough history). */
  pastCostAverage: number;
  /** K_p·P + I + K_d·D before the clip to [0, λ_max]. */
  unclipped: number;
  /** True when anti-windup held I this step ('hold'). */
  integralHeld: boolean;
  /** clip(u) − u added to I by back-calculation this step (0 unless 'back' and u was clipped). */
  backCalculation: number;
}

/**
 * pid: the PID Lagrangian (Stooke, Achiam & Abbeel 2020, arXiv 2007.03964; OmniSafe `PIDLagrangian`):
 *   e = J − d;  P ← α_p·P + (1−α_p)·e;  D_c ← α_d·D_c + (1−α_d)·J;  D ← max(0, D_c − D_c[k − delay]);
 *   I ← max(0, I + K_i·e);  λ ← min(max(0, K_p·P + I + K_d·D), λ_max)
 * The integral term alone is the additive rule; P reacts to the current violation and D to a rising cost, which
 * damps the overshoot and oscillation of plain Lagrangian methods. D_c starts at the first J (OmniSafe starts at 0,
 * which on this cost scale would fake a derivative kick); D is 0 until `delay` steps of history exist.
 * Anti-windup (Åström & Hägglund, "Advanced PID control", 2006, §3.5), with u = K_p·P + I + K_d·D (new P and D,
 * old I): an integral that keeps draining (or filling) while λ is clipped must be unwound before λ can move again,
 * the overshoot after a loosened limit. 'hold' (conditional integration) holds I while u ≤ 0 with e < 0, or
 * u ≥ λ_max with e > 0. 'back' (back-calculation with tracking gain 1) adds the clip's correction to the integral:
 *   I ← max(0, I + K_i·e + (clip(u, 0, λ_max) − u)),
 * so while clipped I tracks the value that puts u just at the clip (u = K_i·e there), and λ rises with P as soon as
 * J_C climbs from its low, instead of after I has been rebuilt.
 */
export function pidLambdaStep(
  state: PidState,
  { meanEpisodeCost, threshold, lambdaMax, gains }: { meanEpisodeCost: number; threshold: number; lambdaMax: number; gains: PidGains },
): PidStep {
  const error = meanEpisodeCost - threshold;
  const proportional = gains.alphaP * state.proportional + (1 - gains.alphaP) * error;
  const costAverage =
    state.costAverage === null ? meanEpisodeCost : gains.alphaD * state.costAverage + (1 - gains.alphaD) * meanEpisodeCost;
  const delay = Math.max(1, Math.round(gains.delay));
  const enoughHistory = state.costHistory.length >= delay;
  const derivative = enoughHistory ? Math.max(0, costAverage - state.costHistory[0]) : 0;
  const costHistory = [...state.costHistory, costAverage].slice(-delay);
  const heldOutput = gains.kp * proportional + state.integral + gains.kd * derivative;
  const integralHeld = gains.antiWindup === 'hold' && ((heldOutput <= 0 && error < 0) || (heldOutput >= lambdaMax && error > 0));
  const backCalculation = gains.antiWindup === 'back' ? Math.min(Math.max(0, heldOutput), lambdaMax) - heldOutput : 0;
  const integral = integralHeld ? state.integral : Math.max(0, state.integral + gains.ki * error + backCalculation);
  const unclipped = gains.kp * proportional + integral + gains.kd * derivative;
  const lambda = Math.min(Math.max(0, unclipped), lambdaMax);
  return {
    lambda,
    state: { integral, proportional, costAverage, costHistory },
    error,
    derivative,
    pastCostAverage: enoughHistory ? state.costHistory[0] : NaN,
    unclipped,
    integralHeld,
    backCalculation,
  };
}

/** pidLambdaStep, λ and the next state only. */
export function pidLambdaUpdate(
  state: PidState,
  input: { meanEpisodeCost: number; threshold: number; lambdaMax: number; gains: PidGains },
): { lambda: number; state: PidState } {
  const { lambda, state: next } = pidLambdaStep(state, input);
  return { lambda, state: next };
}

const FORMULA = 'λ ← clip(K_p·P + I + K_d·D, 0, λ_max), I ← max(0, I + K_i·e), P ← α_p·P + (1−α_p)·e, e = J_C − threshold';

function isPidState(value: unknown): value is PidState {
  return typeof value === 'object' && value !== null && 'integral' in value && 'costHistory' in value;
}

export const pidRule: LambdaRuleModule<PidState> = {
  id: 'pid',
  name: 'PID Lagrangian (Stooke et al. 2020)',
  formula: FORMULA,
  settings: ['pidKp', 'pidKi', 'pidKd', 'pidAlphaP', 'pidAlphaD', 'pidDelay', 'pidAntiWindup'],
  defaults: { pidKp: 0.5, pidKi: 0.01, pidKd: 0, pidAlphaP: 0.5, pidAlphaD: 0.5, pidDelay: 5 },
  defaultsWhy:
    'K_p 0.5, K_i 0.01, K_d 0 (a gentle PI controller), α_p = α_d = 0.5, delay 5: measured on the bundled sample over ' +
    'seeds 42–45, J_C ends within −0.02…+0.05 (mean) of limits −2.75, −1.75 and −0.75 (last 50 of 200 iterations); ' +
    'stronger gains overshoot into a safe mode the policy leaves only slowly (docs/dynamics.md).',
  initialState: (lambda) => initialPidState(lambda),
  step(config, logLambda, state, meanEpisodeCost) {
    const before = isPidState(state) ? state : initialPidState(Math.exp(logLambda));
    const gains: PidGains = {
      kp: config.pidKp,
      ki: config.pidKi,
      kd: config.pidKd,
      alphaP: config.pidAlphaP,
      alphaD: config.pidAlphaD,
      delay: config.pidDelay,
      antiWindup: config.pidAntiWindup,
    };
    const s = pidLambdaStep(before, { meanEpisodeCost, threshold: config.threshold, lambdaMax: config.lambdaMax, gains });
    return {
      logLambda: Math.log(s.lambda),
      state: s.state,
      terms: [
        { symbol: 'e', value: s.error, meaning: 'J_C − threshold' },
        { symbol: 'α_p', value: gains.alphaP, meaning: 'smoothing of P' },
        { symbol: 'P₋', value: before.proportional, meaning: 'P before the step' },
        { symbol: 'P', value: s.state.proportional, meaning: 'smoothed error after the step' },
        { symbol: 'K_i', value: gains.ki, meaning: 'integral gain' },
        { symbol: 'I₋', value: before.integral, meaning: 'I before the step' },
        { symbol: 'I', value: s.state.integral, meaning: 'integral after the step' },
        { symbol: 'held', value: s.integralHeld ? 1 : 0, meaning: '1 when anti-windup held I' },
        { symbol: 'B', value: s.backCalculation, meaning: 'back-calculation: clip(u) − u added to I' },
        { symbol: 'D_c', value: s.state.costAverage ?? NaN, meaning: 'smoothed J_C' },
        { symbol: 'D_c₋', value: s.pastCostAverage, meaning: `smoothed J_C ${Math.max(1, Math.round(gains.delay))} steps back` },
        { symbol: 'D', value: s.derivative, meaning: 'rise of the smoothed cost' },
        { symbol: 'K_p', value: gains.kp, meaning: 'proportional gain' },
        { symbol: 'K_d', value: gains.kd, meaning: 'derivative gain' },
      ],
    };
  },
  explain({ before, after, episodeCost, threshold, lambdaMax, terms }) {
    const v = (symbol: string) => termValue(terms, symbol);
    const [e, alphaP, pBefore, p, ki, iBefore, i, d, kp, kd] = ['e', 'α_p', 'P₋', 'P', 'K_i', 'I₋', 'I', 'D', 'K_p', 'K_d'].map(v);
    const held = v('held') === 1;
    // Older recorded explanations have no B term (NaN): nothing was added then.
    const back = Number.isFinite(v('B')) ? v('B') : 0;
    const pastCost = v('D_c₋');
    const unclipped = kp * p + i + kd * d;
    const clipped = unclipped > lambdaMax || unclipped < 0;
    const integralText = held
      ? `I = ${term(iBefore)} (held: anti-windup, λ is clipped and e pushes further past the clip)`
      : back !== 0
        ? `I ← max(0, ${term(iBefore)} + ${term(ki)}·${term(e)} + ${term(back)}) = ${term(i)} (back-calculation: + clip(u) − u = ${term(back)})`
        : `I ← max(0, ${term(iBefore)} + ${term(ki)}·${term(e)}) = ${term(i)}`;
    const derivativeText = Number.isFinite(pastCost)
      ? `D = max(0, ${term(v('D_c'))} − ${term(pastCost)}) = ${term(d)}`
      : `D = ${term(d)} (not enough history yet)`;
    const substituted =
      `e = ${term(episodeCost)} − ${term(threshold)} = ${term(e)};  ` +
      `P ← ${term(alphaP)}·${term(pBefore)} + ${term(1 - alphaP)}·${term(e)} = ${term(p)};  ${integralText};  ${derivativeText};  ` +
      `λ ← clip(${term(kp)}·${term(p)} + ${term(i)} + ${term(kd)}·${term(d)}, 0, ${term(lambdaMax)}) = clip(${term(unclipped)}, 0, ${term(lambdaMax)})` +
      `  ⇒  λ = ${sig(after)}${unclipped > lambdaMax ? ' (capped at λ_max)' : unclipped < 0 ? ' (floored at 0)' : ''}`;
    const direction = after > before ? 'rises' : after < before ? 'falls' : 'stays';
    const against =
      (after < before && e > 0) || (after > before && e < 0)
        ? ` although J_C is ${e > 0 ? 'above' : 'below'} the limit: P is a smoothed error and moved by ${term(p - pBefore)}, ` +
          `K_p·ΔP = ${term(kp * (p - pBefore))} against ΔI = ${term(i - iBefore)}`
        : '';
    const sentence =
      `${comparison(episodeCost, threshold)} ⇒ e = ${term(e)}: I ${
        held ? 'is held (anti-windup)' : back !== 0 ? `moves by K_i·e + (clip(u) − u) = ${term(i - iBefore)} (back-calculation)` : `moves by K_i·e = ${term(i - iBefore)}`
      }, ` +
      `P (a smoothed e) goes from ${term(pBefore)} to ${term(p)}, K_d·D = ${term(kd * d)}; λ = K_p·P + I + K_d·D ${direction} ` +
      `from ${sig(before)} to ${sig(after)}${against}${clipped ? (unclipped < 0 ? ' (floored at 0)' : ` (capped at λ_max = ${sig(lambdaMax)})`) : ''}.`;
    return { substituted, sentence, clipped };
  },
  reproduce: ({ lambdaMax, terms }) => {
    const v = (symbol: string) => termValue(terms, symbol);
    return Math.min(Math.max(0, v('K_p') * v('P') + v('I') + v('K_d') * v('D')), lambdaMax);
  },
  describe: (config) =>
    `PID Lagrangian (Stooke et al. 2020): λ = clip(K_p·P + I + K_d·D, 0, λ_max = ${sig(config.lambdaMax)}) with the violation ` +
    `e = J_C − threshold: the integral I ← max(0, I + K_i·e) (alone, the additive rule), P a smoothed e (α_p = ` +
    `${sig(config.pidAlphaP)}) and D the rise of the smoothed cost over ${config.pidDelay} iteration(s). K_p = ${sig(config.pidKp)}, ` +
    `K_i = ${sig(config.pidKi)}, K_d = ${sig(config.pidKd)}: P and D damp the overshoot of the integral alone. ` +
    (config.pidAntiWindup === 'hold'
      ? 'Anti-windup "hold" is on: I is held while λ is clipped at 0 (or λ_max) and e pushes further past the clip, so a loosened limit does not drain it.'
      : config.pidAntiWindup === 'back'
        ? 'Anti-windup "back" is on (back-calculation): while λ is clipped, I ← max(0, I + K_i·e + clip(u) − u) follows the clip, so λ rises as soon as J_C climbs again after a loosened limit.'
        : 'Anti-windup is off (the faithful rule): I keeps draining while λ is clipped at 0.'),
  nextStep: (config) =>
    `Next step, after the next rollout: ${FORMULA}. I grows while J_C > ${term(config.threshold)} and shrinks while J_C < ` +
    `${term(config.threshold)}${
      config.pidAntiWindup === 'hold'
        ? ' (held while λ is clipped at 0 or λ_max and e pushes past the clip)'
        : config.pidAntiWindup === 'back'
          ? ' (plus clip(u) − u while λ is clipped: back-calculation)'
          : ''
    }; ` +
    `P is a smoothed J_C − threshold (α_p = ${sig(config.pidAlphaP)}), so with K_p = ${sig(config.pidKp)} λ can still fall while J_C > ` +
    `${term(config.threshold)} (when the violation shrinks) and rise while J_C is below it.`,
  alignAnything: {
    rule: 'no counterpart: upstream only has the log-λ step (launch.sh runs it from λ₀ = lambdaInit); the PID Lagrangian exists only in the playground and needs a patched trainer. Tune with lambdaRule=upstream before exporting.',
    settings: {
      pidKp: 'no counterpart: PID Lagrangian gains exist only in the playground (used when lambdaRule is pid).',
      pidKi: 'no counterpart: PID Lagrangian gains exist only in the playground (used when lambdaRule is pid).',
      pidKd: 'no counterpart: PID Lagrangian gains exist only in the playground (used when lambdaRule is pid).',
      pidAlphaP: 'no counterpart: PID Lagrangian smoothing exists only in the playground (used when lambdaRule is pid).',
      pidAlphaD: 'no counterpart: PID Lagrangian smoothing exists only in the playground (used when lambdaRule is pid).',
      pidDelay: 'no counterpart: PID Lagrangian derivative delay exists only in the playground (used when lambdaRule is pid).',
      pidAntiWindup: 'no counterpart: the PID Lagrangian’s anti-windup exists only in the playground (used when lambdaRule is pid).',
    },
  },
};
