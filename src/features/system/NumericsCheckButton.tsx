import { useState } from 'react';
import { useSystem } from '../../state/store';
import { trainer } from '../../worker/client';
import type { NumericsCheckResult } from '../../worker/systemHandlers';
import { errorText } from '../../util/errorText';

/**
 * The numerics check on demand: one forward and backward pass of the policy, a critic and a score model on a fixed
 * batch, on cpu and on the active backend, compared value by value (loss, gradient norm per variable, outputs).
 */
export function NumericsCheckButton() {
  const { backend, backendState } = useSystem();
  const [result, setResult] = useState<NumericsCheckResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [running, setRunning] = useState(false);
  const run = async () => {
    setRunning(true);
    setError(null);
    try {
      setResult(await trainer().checkNumerics());
    } catch (failure) {
      setError(errorText(failure));
    } finally {
      setRunning(false);
    }
  };
  return (
    <section className="numerics-check">
      <h3>Numerics check</h3>
      <p data-testid="numerics-stamp">
        {backend?.numerics
          ? `${backend.numerics.backend}: ${backend.numerics.passed ? 'passed' : 'failed'} at start-up, largest deviation from cpu ${
              backend.numerics.maxDeviation === null ? 'not finite' : backend.numerics.maxDeviation.toExponential(1)
            } (tolerance ${backend.numerics.tolerance.toExponential(0)})`
          : 'Not checked yet.'}
      </p>
      <button type="button" data-testid="numerics-check" disabled={running || backendState !== 'ready'} onClick={() => void run()}>
        {running ? 'Checking…' : `Check ${backend?.active ?? 'the backend'} against cpu now`}
      </button>
      {error && (
        <p role="alert" data-testid="numerics-check-error">
          {error}
        </p>
      )}
      {result && (
        <div data-testid="numerics-check-result" data-passed={String(result.stamp.passed)} data-max-deviation={result.stamp.maxDeviation ?? ''}>
          <p>{result.text}</p>
          <p>
            {result.backend}'s pass took {result.ms.toFixed(0)} ms.
          </p>
        </div>
      )}
    </section>
  );
}
