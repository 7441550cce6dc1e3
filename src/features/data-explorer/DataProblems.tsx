import type { DataProblem } from '../../state/slices/dataSlice';
import { useDataActions, useDataProblems } from './useDataset';

/** The file or URL in bold, then the problem; worker messages often already start with the name. */
function ProblemText({ problem }: { problem: DataProblem }) {
  const prefix = `${problem.source}: `;
  const message = problem.message.startsWith(prefix) ? problem.message.slice(prefix.length) : problem.message;
  if (problem.source === 'load') return <span>{message}</span>;
  return (
    <span>
      <strong>{problem.source}</strong>: {message}
    </span>
  );
}

/** Load errors (each names the file or URL and the problem) and warnings, kept until dismissed. */
export function DataProblems() {
  const { errors, warnings } = useDataProblems();
  const { dismissError, dismissWarning, clearProblems } = useDataActions();
  if (errors.length === 0 && warnings.length === 0) return null;
  return (
    <div className="data-problems">
      {errors.length > 0 && (
        <div className="error-box" data-testid="dataset-error" role="alert">
          <div className="problems-head">
            <strong>
              {errors.length === 1 ? 'A load failed' : `${errors.length} load errors`}; the rows loaded before are kept.
            </strong>
            <button type="button" className="link-button small" onClick={clearProblems}>
              Dismiss all
            </button>
          </div>
          <ul>
            {errors.map((error) => (
              <li key={error.id}>
                <ProblemText problem={error} />
                <button
                  type="button"
                  className="link-button"
                  aria-label={`Dismiss error about ${error.source}`}
                  onClick={() => dismissError(error.id)}
                >
                  ×
                </button>
              </li>
            ))}
          </ul>
        </div>
      )}
      {warnings.length > 0 && (
        <div className="warning-box" data-testid="dataset-warnings" role="status">
          <ul>
            {warnings.map((warning) => (
              <li key={warning.id}>
                <ProblemText problem={warning} />
                <button
                  type="button"
                  className="link-button"
                  aria-label="Dismiss warning"
                  onClick={() => dismissWarning(warning.id)}
                >
                  ×
                </button>
              </li>
            ))}
          </ul>
        </div>
      )}
    </div>
  );
}
