import { describe, expect, it } from 'vitest';
import { defaultConfig, type ExperimentConfig } from '../../config/params';
import { MetricTable } from '../../metrics/metricTable';
import { NO_RULE_STATE, stepLambda } from '../../train/ppo/lambdaStep';
import { groupColumns, groupRow } from '../../util/groupRows';
import { currentLambdaStep, lastLambdaStep, phaseLambdaStep, ruleFormula } from './lambdaExplanation';

const columns = ['iteration', 'lambda', 'episodeCost', 'threshold'];

/** Rows as the engine writes them: λ after each iteration's step (engine's stepLambda), from λ₀, given J_C values. */
function engineTable(costs: number[], config: ExperimentConfig, changeAt?: { iteration: number; patch: Partial<ExperimentConfig> }): MetricTable {
  const table = new MetricTable(columns);
  let logLambda = Math.log(config.lambdaInit);
  let state = NO_RULE_STATE;
  let running = config;
  costs.forEach((cost, iteration) => {
    if (changeAt && iteration === changeAt.iteration) running = { ...running, ...changeAt.patch };
    if (iteration >= running.lambdaUpdateDelay) {
      const next = stepLambda(running, logLambda, state, cost);
      logLambda = next.logLambda;
      state = next.state;
    }
    table.append([iteration, Math.exp(logLambda), cost, running.threshold]);
  });
  return table;
}

const COSTS = [-0.9, -0.7, -0.3, 0.1, 0.4, 0.2, -0.2, -0.6, -0.4, -0.5, -0.45];

describe('lastLambdaStep: the latest recorded step explained by its rule module', () => {
  for (const rule of ['upstream', 'additive', 'pid'] as const) {
    it(`${rule}: replays the rule over the recorded J_C and lands on the recorded λ`, () => {
      const config = { ...defaultConfig(), lambdaRule: rule, lambdaInit: 0.5, lambdaUpdateDelay: 1 };
      const table = engineTable(COSTS, config);
      const last = lastLambdaStep(config, table)!;
      expect(last.iteration).toBe(COSTS.length - 1);
      if (!('record' in last)) throw new Error(last.mismatch);
      expect(last.record.after).toBe(table.last('lambda'));
      expect(last.record.episodeCost).toBe(-0.45);
      expect(last.explanation.substituted).toMatch(/⇒ {2}λ = /);
    });
  }

  it('pid: shows the P, I and D the engine had (a replay, not a guess)', () => {
    const config = { ...defaultConfig(), lambdaRule: 'pid' as const, lambdaInit: 0.2 };
    const last = lastLambdaStep(config, engineTable(COSTS, config))!;
    if (!('record' in last)) throw new Error(last.mismatch);
    const symbols = last.record.terms.map((t) => t.symbol);
    expect(symbols).toEqual(expect.arrayContaining(['P', 'I', 'D', 'K_p', 'K_i', 'K_d']));
    expect(last.explanation.substituted).toContain(`${config.pidKp}·`);
  });

  it("in a seed group, explains one seed's step from its own columns (the rows' λ is a mean no rule produced)", () => {
    const config = { ...defaultConfig(), lambdaRule: 'upstream' as const, lambdaInit: 0.5, lambdaUpdateDelay: 1 };
    const members = [engineTable(COSTS, config), engineTable(COSTS.map((c) => c + 0.4), config)];
    const seeds = [7, 8];
    const group = new MetricTable(groupColumns(columns, seeds));
    for (let i = 0; i < COSTS.length; i++) group.append(groupRow(columns, members.map((m) => columns.map((c) => m.column(c)[i]))));
    // The means replayed as if one run: no rule gives the mean λ.
    expect('mismatch' in lastLambdaStep(config, group)!).toBe(true);
    for (const [k, seed] of seeds.entries()) {
      const last = lastLambdaStep(config, group, seed)!;
      if (!('record' in last)) throw new Error(last.mismatch);
      expect(last.record.after).toBe(members[k].last('lambda'));
      expect(last.record.episodeCost).toBe(members[k].last('episodeCost'));
    }
  });

  it('says why when the replay cannot reproduce the recorded λ (a gain changed mid-run)', () => {
    const config = { ...defaultConfig(), lambdaRule: 'pid' as const, lambdaInit: 0.2 };
    const table = engineTable(COSTS, config, { iteration: 5, patch: { pidKi: 0.2 } });
    const last = lastLambdaStep(config, table)!;
    expect('mismatch' in last && last.mismatch).toMatch(/not the recorded [\d.]+ \(a setting of the rule changed during the run\)/);
  });

  it('follows a threshold changed mid-run (the table records it per row)', () => {
    const config = { ...defaultConfig(), lambdaRule: 'pid' as const, lambdaInit: 0.2 };
    const table = engineTable(COSTS, config, { iteration: 6, patch: { threshold: 0.5 } });
    const last = lastLambdaStep(config, table)!;
    expect('record' in last && last.record.threshold).toBe(0.5);
  });

  it('is null within the λ update delay, before any row and for algorithms without a learned λ', () => {
    const config = { ...defaultConfig(), lambdaUpdateDelay: 1 };
    expect(lastLambdaStep(config, engineTable([0.1], config))).toBeNull();
    expect(lastLambdaStep(config, new MetricTable(columns))).toBeNull();
    expect(lastLambdaStep({ ...config, algorithm: 'ppo' }, engineTable([0.1, 0.2], config))).toBeNull();
  });
});

describe('currentLambdaStep: stepping phase by phase', () => {
  it('prefers the λ phase of the iteration in progress over the previous row', () => {
    const config = { ...defaultConfig(), lambdaRule: 'additive' as const, lambdaInit: 1, lambdaLr: 0.5, lambdaUpdateDelay: 0 };
    const table = engineTable([0, 0], config);
    const out = stepLambda(config, Math.log(table.last('lambda')!), NO_RULE_STATE, 0.5);
    const output = {
      phase: 'lambda' as const, iteration: 2, rule: 'additive', terms: out.terms, before: table.last('lambda')!, after: Math.exp(out.logLambda),
      updated: true, episodeCost: 0.5, threshold: config.threshold, lambdaLr: config.lambdaLr, lambdaMax: config.lambdaMax,
    };
    const current = currentLambdaStep(config, table, output)!;
    expect(current.iteration).toBe(2);
    expect('record' in current && current.record.after).toBe(output.after);
    // Once the row of iteration 2 has landed, the table's step is explained again.
    table.append([2, output.after, 0.5, config.threshold]);
    expect(currentLambdaStep(config, table, output)!.iteration).toBe(2);
    expect(phaseLambdaStep({ ...output, updated: false })).toBeNull();
  });

  it('names each rule’s formula', () => {
    expect(ruleFormula('additive')).toContain('clip(λ + lr·(J_C − threshold)');
    expect(ruleFormula('pid')).toContain('K_p·P + I + K_d·D');
  });
});
