import { formatNumber } from '../../charts/scales';
import { approxKlNote } from './approxKlNote';
import type { PhaseOutput, PhaseSample } from '../../train/ppo/types';
import { PHASE_INFO } from './phaseInfo';
import { lambdaStepText } from './phaseOutputText';
import { sig } from '../../rl/lambdaRules/rule';

const f = formatNumber;

function Response({ text }: { text: string }) {
  return text ? <span className="phase-response">{text}</span> : <span className="muted">(empty response)</span>;
}

function SampleTable({ samples, scored }: { samples: PhaseSample[]; scored: boolean }) {
  return (
    <table className="phase-table">
      <thead>
        <tr>
          <th scope="col">#</th>
          <th scope="col">Prompt</th>
          <th scope="col">Sampled response</th>
          <th scope="col">Tokens</th>
          {scored && <th scope="col" title="reward-model end score (helpfulness)">R</th>}
          {scored && <th scope="col" title="cost-model end score (harm; C > 0 means unsafe)">C</th>}
        </tr>
      </thead>
      <tbody>
        {samples.map((sample, i) => (
          <tr key={i}>
            <th scope="row">{i + 1}</th>
            <td>{sample.question}</td>
            <td>
              <Response text={sample.response} />
            </td>
            <td className="num">{sample.length}</td>
            {scored && <td className="num">{f(sample.reward)}</td>}
            {scored && (
              <td className="num">
                {f(sample.cost)}
                {sample.cost !== undefined && sample.cost > 0 && <span className="tag unsafe phase-flag">unsafe</span>}
              </td>
            )}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Streams({ output }: { output: Extract<PhaseOutput, { phase: 'advantages' }> }) {
  const twoStreams = output.shapedCost !== null && output.costAdvantage !== null;
  const last = output.tokens.length - 1;
  return (
    <>
      <p>
        Response 1: “<Response text={output.sample.response} />”. Each token gets r_t = −β·kl_t, and the last one adds the
        end score {output.rewardScore === output.sample.reward ? 'R' : 'R − λ·C'} = <strong>{f(output.rewardScore)}</strong>
        {twoStreams && (
          <>
            ; the cost stream gets c_t = +β·kl_t and C = <strong>{f(output.sample.cost)}</strong> at the end
          </>
        )}{' '}
        (β = {f(output.klCoeff)}, values clipped to the score clip). GAE turns each stream into per-token advantages.
      </p>
      <div className="phase-scroll" tabIndex={0} role="region" aria-label="Shaped streams per token">
        <table className="phase-table">
          <thead>
            <tr>
              <th scope="col">t</th>
              <th scope="col">Token</th>
              <th scope="col" title="shaped reward r_t">r_t</th>
              <th scope="col" title="reward advantage A_r">A_r</th>
              {twoStreams && <th scope="col" title="shaped cost c_t">c_t</th>}
              {twoStreams && <th scope="col" title="cost advantage A_c">A_c</th>}
            </tr>
          </thead>
          <tbody>
            {output.tokens.map((token, t) => (
              <tr key={t} className={t === last ? 'phase-end-token' : undefined}>
                <th scope="row">{t}</th>
                <td className="phase-token">{token}</td>
                <td className="num">{f(output.shapedReward[t])}</td>
                <td className="num">{f(output.rewardAdvantage[t])}</td>
                {twoStreams && <td className="num">{f(output.shapedCost![t])}</td>}
                {twoStreams && <td className="num">{f(output.costAdvantage![t])}</td>}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

function LambdaStep({ output }: { output: Extract<PhaseOutput, { phase: 'lambda' }> }) {
  const text = lambdaStepText(output);
  // The rule's own numbers (gains, PID's P, I, D), as recorded by the engine, 5 significant digits.
  const terms = text.substituted ? (output.terms ?? []).filter((t) => Number.isFinite(t.value)) : [];
  return (
    <>
      <p className="phase-lambda" data-testid="phase-lambda-change" data-before={output.before} data-after={output.after}>
        λ: <strong>{f(output.before)}</strong> → <strong>{f(output.after)}</strong>
      </p>
      <p className="live-equation">
        Rule ({output.rule}): {text.formula}
        {text.substituted && (
          <>
            <br />
            With J_C = {sig(output.episodeCost)}, threshold = {sig(output.threshold)}, λ_max = {sig(output.lambdaMax)}:
            <br />
            <span data-testid="phase-lambda-substituted">{text.substituted}</span>
          </>
        )}
      </p>
      {terms.length > 0 && (
        <dl className="phase-lambda-terms" data-testid="phase-lambda-terms">
          {terms.map((t) => (
            <div key={t.symbol} title={t.meaning} data-testid="lambda-term" data-symbol={t.symbol} data-value={t.value}>
              <dt>{t.symbol}</dt>
              <dd>{sig(t.value)}</dd>
            </div>
          ))}
        </dl>
      )}
      {text.sentence && (
        <p className="muted" data-testid="phase-lambda-sentence">
          {text.sentence}
        </p>
      )}
      {output.note && <p className="muted">{output.note}</p>}
      {text.mismatch && <p className="muted">{text.mismatch}</p>}
    </>
  );
}

function Losses({ output }: { output: Extract<PhaseOutput, { phase: 'update' }> }) {
  const items: [string, string, string][] = [
    ['Actor loss', f(output.actorLoss), 'clipped PPO surrogate on A = (A_r − λ·A_c)/(1 + λ), mean over the update'],
    ['Reward-critic loss', f(output.rewardCriticLoss), 'clipped value loss against the reward returns'],
    ...(Number.isFinite(output.costCriticLoss)
      ? [['Cost-critic loss', f(output.costCriticLoss), 'clipped value loss against the cost returns'] as [string, string, string]]
      : []),
    ['Clip fraction', `${f(output.clipFraction * 100)} %`, 'share of response tokens whose ratio left [1 − ε, 1 + ε]'],
    ['Approx. KL (old → new)', `${f(output.approxKl)} nats/token`, 'mean (logp_old − logp_new) over response tokens after the update'],
    ['λ used', f(output.lambda), 'the multiplier after this iteration’s λ step'],
  ];
  const klNote = approxKlNote(output.approxKl);
  return (
    <>
      <dl className="phase-losses">
        {items.map(([label, value, help]) => (
          <div key={label} title={help}>
            <dt>{label}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
      {klNote && (
        <p className="muted small" data-testid="phase-approx-kl-note">
          {klNote}
        </p>
      )}
    </>
  );
}

function Body({ output }: { output: PhaseOutput }) {
  switch (output.phase) {
    case 'rollout':
      return (
        <>
          <p>
            The policy sampled one response to each of {output.batch} prompts; the first {output.samples.length} are shown.
          </p>
          <SampleTable samples={output.samples} scored={false} />
        </>
      );
    case 'score':
      return (
        <>
          <p>
            The frozen reward model scores helpfulness (R) and the cost model harm (C &gt; 0 means unsafe), at each response’s
            last token. Batch means: R̄ = <strong>{f(output.rewardMean)}</strong>, C̄ = <strong>{f(output.costMean)}</strong>;
            the costs entered the window, J_C = <strong>{f(output.episodeCost)}</strong>.
          </p>
          <SampleTable samples={output.samples} scored />
        </>
      );
    case 'advantages':
      return <Streams output={output} />;
    case 'lambda':
      return <LambdaStep output={output} />;
    case 'update':
      return <Losses output={output} />;
  }
}

/** The teaching mode: what the phase that just ran produced (rollout texts, scores, streams, the λ step, losses). */
export function PhaseOutputPanel({ output }: { output: PhaseOutput }) {
  return (
    <section className="phase-output" data-testid="phase-output" data-phase={output.phase} aria-live="polite" aria-labelledby="phase-output-heading">
      <h3 id="phase-output-heading">
        Output of {PHASE_INFO[output.phase].label} (iteration {output.iteration}
        {output.seed !== undefined ? `, seed ${output.seed}` : ''})
      </h3>
      <Body output={output} />
    </section>
  );
}
