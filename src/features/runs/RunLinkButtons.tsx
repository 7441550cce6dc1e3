import { useId, useState } from 'react';
import type { RunMeta } from '../../runs/types';
import { copyText } from '../share/copyText';
import { describeRunLink, forkRun, runLinkUrl } from './runLinkActions';
import { useAppStore } from '../../state/store';

/** A run's "Link" (copy a link that replays it) and "Fork…" (replay to an iteration, then go on differently). */
export function RunLinkButtons({ run }: { run: RunMeta }) {
  const [forking, setForking] = useState(false);
  const [at, setAt] = useState('');
  const [url, setUrl] = useState('');
  const inputId = useId();
  const done = run.summary.iterations;
  const canFork = Number.isFinite(done) && done >= 1 && run.status !== 'running' && run.status !== 'paused';
  const copy = async () => {
    const link = runLinkUrl(run);
    setUrl(link);
    const ok = await copyText(link);
    const { systemActions } = useAppStore.getState();
    systemActions.notify(ok ? 'info' : 'warning', `${ok ? 'Copied. ' : 'Copying was blocked; copy it from the address below. '}${describeRunLink(run, link)}${ok ? '' : ` ${link}`}`);
  };
  return (
    <>
      <button
        type="button"
        onClick={() => void copy()}
        data-testid="run-copy-link"
        data-url={url}
        title="Copy a link that replays this run: its settings and its live edits at the same iterations"
      >
        Link
      </button>
      {canFork && (
        <button
          type="button"
          aria-expanded={forking}
          onClick={() => {
            setForking((v) => !v);
            setAt(String(Math.max(1, Math.floor(done / 2))));
          }}
          data-testid="run-fork"
          title="Replay this run to an iteration, then go on with your own changes"
        >
          Fork…
        </button>
      )}
      {forking && (
        <form
          className="run-fork-form row tight"
          onSubmit={(event) => {
            event.preventDefault();
            if (forkRun(run, Number(at))) setForking(false);
          }}
        >
          <label htmlFor={inputId}>at iteration (1–{done})</label>
          <input
            id={inputId}
            type="number"
            min={1}
            max={done}
            step={1}
            value={at}
            onChange={(event) => setAt(event.target.value)}
            data-testid="run-fork-iteration"
          />
          <button type="submit" className="primary" data-testid="run-fork-here">
            Fork here
          </button>
        </form>
      )}
    </>
  );
}
