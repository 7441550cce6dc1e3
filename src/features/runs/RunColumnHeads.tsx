import { runColor } from './compareData';

/** One column head per compared run: its colour swatch (the charts' colour for it) and its name. */
export function RunColumnHeads({ runs }: { runs: readonly { id: string; name: string }[] }) {
  return (
    <>
      {runs.map((run, i) => (
        <th key={run.id} scope="col">
          <span className="run-swatch" style={{ background: runColor(i) }} aria-hidden="true" />
          {run.name}
        </th>
      ))}
    </>
  );
}
